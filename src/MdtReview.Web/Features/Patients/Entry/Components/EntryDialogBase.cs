using MdtReview.Web.Components.Input;
using MdtReview.Web.Features.Patients.Entry.Services;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MdtReview.Web.Features.Patients.Entry.Components;

/// <summary>
/// What every entry dialog shares: the patient, the field messages the service returned, the conflict panel, and closing
/// with <c>DialogResult.Ok(true)</c> after a save (or <c>Ok(false)</c> when the user discards their edit after a conflict,
/// so the page reloads the other user's version).
/// </summary>
public abstract class EntryDialogBase : ComponentBase
{
    [CascadingParameter]
    protected IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    private InputSettler Settler { get; set; } = default!;

    [Parameter, EditorRequired]
    public int PatientId { get; set; }

    protected IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    protected EntryConflict? Conflict { get; private set; }

    protected bool Saving { get; private set; }

    protected bool HasError(string field) => Errors.ContainsKey(field);

    protected string? ErrorOf(string field) => Errors.GetValueOrDefault(field);

    protected string? FormError => Conflict is null ? Errors.GetValueOrDefault(EntryResult.FormKey) : null;

    /// <summary>Messages the form itself finds before asking the service (a choice not made yet).</summary>
    protected void ShowErrors(IReadOnlyDictionary<string, string> errors)
    {
        Errors = errors;
        Conflict = null;
    }

    protected async Task SaveAsync(Func<Task<EntryResult>> save)
    {
        if (Saving)
        {
            return;
        }

        Saving = true;
        try
        {
            var result = await save();
            if (result.Succeeded)
            {
                MudDialog.Close(DialogResult.Ok(true));
                return;
            }

            Errors = result.Errors;
            Conflict = result.Conflict;
        }
        finally
        {
            Saving = false;
        }
    }

    /// <summary>Call first in a submit: every choice the user made has reached the model (see <see cref="InputSettler"/>).</summary>
    protected Task SettleInputAsync() => Settler.SettleAsync();

    protected void Cancel() => MudDialog.Cancel();

    protected void DiscardMine() => MudDialog.Close(DialogResult.Ok(false));

    /// <summary>The user keeps their edit: the next save is made against the other user's version.</summary>
    protected uint AcceptTheirVersion()
    {
        var version = Conflict?.CurrentVersion ?? 0;
        Conflict = null;
        Errors = new Dictionary<string, string>();
        return version;
    }

    protected static DateOnly? ToDateOnly(DateTime? value) => value is { } d ? DateOnly.FromDateTime(d) : null;
}
