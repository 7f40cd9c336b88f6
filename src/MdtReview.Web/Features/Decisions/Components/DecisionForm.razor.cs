using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Data.Model;
using MdtReview.Web.Components.Input;
using MdtReview.Web.Features.Decisions.Services;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MdtReview.Web.Features.Decisions.Components;

/// <summary>
/// The decision form: outcome, rationale and the outcome-specific fields, the live guideline check, and the deviation
/// fields when a <c>must</c> finding is overridden. Every change is autosaved on the server after a short pause in typing
/// (a draft survives a reload, a lost connection and a server restart); a conflicting save by someone else shows both
/// versions. Finalising asks for confirmation and is disabled while it runs.
/// </summary>
public sealed partial class DecisionForm
{
    private readonly SemaphoreSlim _saveGate = new(1, 1);
    private CancellationTokenSource? _debounce;
    private IReadOnlyList<GuidelineFinding> _findings = [];
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();
    private DecisionDraft? _conflict;
    private string? _message;
    private bool _dirty;
    private bool _saving;
    private bool _busy;
    private bool _failed;
    private DecisionEditor? _loadedEditor;
    private bool _disposed;

    [Inject] private SaveDecisionDraft SaveDraft { get; set; } = default!;

    [Inject] private FinaliseDecision Finalise { get; set; } = default!;

    [Inject] private ILogger<DecisionForm> Logger { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private InputSettler Settler { get; set; } = default!;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    /// <summary>The patient, evidence, options and the draft (new or stored) to edit.</summary>
    [Parameter, EditorRequired] public DecisionEditor Editor { get; set; } = default!;

    /// <summary>Raised with the final record once the decision is finalised.</summary>
    [Parameter] public EventCallback<DecisionDraft> OnFinalised { get; set; }

    /// <summary>Raised after each successful autosave.</summary>
    [Parameter] public EventCallback<DecisionDraft> OnSaved { get; set; }

    /// <summary>The pause in typing after which the draft is saved.</summary>
    [Parameter] public TimeSpan AutosaveDelay { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>The draft being edited (the form's own copy).</summary>
    public DecisionDraft Draft { get; private set; } = new();

    private bool _canType => Editor.CanEdit && Draft.Status == DecisionStatus.Draft && Draft.Outcome is not null && _conflict is null;

    private bool _mustOverridden => _findings.Any(f => f.Severity == FindingSeverity.Must);

    private bool DeviationGiven => Draft.DeviationReason is not null && !string.IsNullOrWhiteSpace(Draft.DeviationText);

    private bool CanFinalise => Editor.CanEdit && Draft.Status == DecisionStatus.Draft && Draft.Outcome is not null && _conflict is null
        && !_busy && !_saving && (!_mustOverridden || DeviationGiven);

    private string StatusText =>
        _conflict is not null ? "Conflict"
        : _saving ? "Saving…"
        : _failed ? "Not saved"
        : _dirty ? "Unsaved changes"
        : Draft.UpdatedAt is { } at && Draft.Id is not null ? $"Saved {TimeZoneInfo.ConvertTimeFromUtc(at, Clock.LocalTimeZone):HH:mm:ss}"
        : "Not saved yet";

    protected override void OnParametersSet()
    {
        if (!ReferenceEquals(_loadedEditor, Editor))
        {
            _loadedEditor = Editor;
            Draft = Editor.Draft.Copy();
            _errors = new Dictionary<string, string>();
            _conflict = null;
            _message = null;
            _dirty = false;
            _failed = false;
            RecheckFindings();
        }
    }

    private void RecheckFindings() => _findings = DecisionRules.Check(Editor.Evidence, Draft.Outcome);

    private Task OutcomeChangedAsync(DecisionOutcome? outcome)
    {
        if (!Editor.CanEdit || Draft.Status != DecisionStatus.Draft || _conflict is not null)
        {
            return Task.CompletedTask;
        }

        Draft.Outcome = outcome;
        RecheckFindings();
        Changed(() => { });
        return Task.CompletedTask;
    }

    private void Changed(Action apply)
    {
        if (!Editor.CanEdit || Draft.Status != DecisionStatus.Draft)
        {
            return;
        }

        apply();
        _dirty = true;
        _errors = new Dictionary<string, string>();
        ScheduleSave();
    }

    private void ScheduleSave()
    {
        _debounce?.Cancel();
        _debounce?.Dispose();
        _debounce = new CancellationTokenSource();
        var token = _debounce.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(AutosaveDelay, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await InvokeAsync(SaveNowAsync);
            }
            catch (ObjectDisposedException)
            {
                // The circuit closed during the pause; the last autosave stands.
            }
        }, CancellationToken.None);
    }

    /// <summary>Saves the draft now if it has unsaved changes (also called before finalising and when leaving the case).</summary>
    public async Task SaveNowAsync()
    {
        if (!_dirty || Draft.Outcome is null || _conflict is not null || Draft.Status != DecisionStatus.Draft)
        {
            return;
        }

        await _saveGate.WaitAsync();
        try
        {
            if (!_dirty || _conflict is not null)
            {
                return;
            }

            _dirty = false;
            _saving = true;
            Render();
            var sent = Draft.Copy();
            var result = await SaveDraft.SaveAsync(sent);
            switch (result.Kind)
            {
                case DecisionResultKind.Saved:
                    // Keep what was typed while the save was in flight; take only the identity and the new token.
                    Draft.Id = result.Draft!.Id;
                    Draft.Version = result.Draft.Version;
                    Draft.UpdatedAt = result.Draft.UpdatedAt;
                    _failed = false;
                    _message = null;
                    await OnSaved.InvokeAsync(Draft.Copy());
                    break;
                case DecisionResultKind.Conflict:
                    _conflict = result.Theirs;
                    _message = result.Message;
                    break;
                case DecisionResultKind.AlreadyFinal:
                    Draft = result.Draft!;
                    _message = result.Message;
                    RecheckFindings();
                    break;
                case DecisionResultKind.Invalid:
                    _errors = result.FieldErrors;
                    _message = result.FieldErrors.Count == 0 ? result.Message : null;
                    _failed = true;
                    _dirty = true;
                    break;
                default:
                    _failed = true;
                    _dirty = true;
                    _message = result.Message;
                    break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A lost database connection: keep the typed text in the form and try again on the next change.
            Logger.LogError(e, "Autosave of decision {DecisionId} of meeting case {MeetingCaseId} failed", Draft.Id, Draft.MeetingCaseId);
            _failed = true;
            _dirty = true;
            _message = "The draft could not be saved just now; it is kept here and will be saved with your next change.";
        }
        finally
        {
            _saving = false;
            _saveGate.Release();
            Render();
        }
    }

    private async Task FinaliseAsync()
    {
        await Settler.SettleAsync();
        if (!CanFinalise)
        {
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Finalise this decision?",
            $"{DecisionWording.Outcome(Draft.Outcome!.Value)} for {Editor.PatientName}. A final decision cannot be edited; a later change is recorded as an amendment.",
            yesText: "Finalise", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        _busy = true;
        _debounce?.Cancel();
        await _saveGate.WaitAsync();
        try
        {
            var result = await Finalise.FinaliseAsync(Draft.Copy());
            switch (result.Kind)
            {
                case DecisionResultKind.Finalised or DecisionResultKind.AlreadyFinal:
                    Draft = result.Draft!;
                    _dirty = false;
                    _message = null;
                    RecheckFindings();
                    await OnFinalised.InvokeAsync(Draft.Copy());
                    break;
                case DecisionResultKind.Conflict:
                    _conflict = result.Theirs;
                    _message = result.Message;
                    break;
                case DecisionResultKind.Invalid:
                    _errors = result.FieldErrors;
                    _message = result.Message;
                    if (result.Draft is not null)
                    {
                        Draft.Id = result.Draft.Id;
                        Draft.Version = result.Draft.Version;
                    }

                    break;
                default:
                    _message = result.Message;
                    break;
            }
        }
        finally
        {
            _busy = false;
            _saveGate.Release();
        }
    }

    private async Task KeepMineAsync()
    {
        // Save my version over theirs, knowingly: take their token so the save is accepted.
        if (_conflict is null)
        {
            return;
        }

        Draft.Id = _conflict.Id;
        Draft.Version = _conflict.Version;
        _conflict = null;
        _message = null;
        _dirty = true;
        await SaveNowAsync();
    }

    private void TakeTheirs()
    {
        if (_conflict is null)
        {
            return;
        }

        Draft = _conflict;
        _conflict = null;
        _message = null;
        _dirty = false;
        RecheckFindings();
    }

    private void Render()
    {
        if (!_disposed)
        {
            StateHasChanged();
        }
    }

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.GetValueOrDefault(field);

    private static DateTime? ToDate(DateOnly? date) => date?.ToDateTime(TimeOnly.MinValue);

    private static DateOnly? ToDateOnly(DateTime? date) => date is { } d ? DateOnly.FromDateTime(d) : null;

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_debounce is not null)
        {
            await _debounce.CancelAsync();
            _debounce.Dispose();
        }

        // Leaving the case (next case, navigation) saves what was typed rather than dropping it.
        if (_dirty)
        {
            try
            {
                await SaveNowAsync();
            }
            catch (ObjectDisposedException)
            {
                // The circuit is gone; the last autosave stands.
            }
        }

    }
}
