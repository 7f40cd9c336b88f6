using MdtReview.Web.Features.Patients.Entry.Components;
using MdtReview.Web.Features.Patients.Import.Components;
using MdtReview.Web.Features.Patients.Referrals.Components;
using MudBlazor;

namespace MdtReview.Web.Features.Patients.Components;

/// <summary>
/// Opens the review page's entry dialogs and answers whether the record may have changed, so the page knows to reload.
/// The dialogs close with <c>Ok(true)</c> after a save and <c>Ok(false)</c> when the user discarded their edit after a
/// conflict (the other user's version must be shown either way); cancel means nothing was written.
/// </summary>
public static class ReviewDialogs
{
    private static readonly DialogOptions _options = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
    private static readonly DialogOptions _wideOptions = new() { MaxWidth = MaxWidth.Large, FullWidth = true, CloseOnEscapeKey = true };

    public static Task<bool> RecordIraeAsync(this IDialogService dialogs, int patientId) =>
        ShowAsync(dialogs, "Record immune-related adverse event", new DialogParameters<RecordIraeDialog> { { d => d.PatientId, patientId } }, _options);

    public static Task<bool> ChangeIraeGradeAsync(this IDialogService dialogs, int patientId, int adverseEventId, string term) =>
        ShowAsync(dialogs, $"Change grade of {term}",
            new DialogParameters<ChangeIraeGradeDialog> { { d => d.PatientId, patientId }, { d => d.AdverseEventId, adverseEventId } }, _options);

    public static Task<bool> ResolveIraeAsync(this IDialogService dialogs, int patientId, int adverseEventId, string term) =>
        ShowAsync(dialogs, $"Resolve {term}",
            new DialogParameters<ResolveIraeDialog> { { d => d.PatientId, patientId }, { d => d.AdverseEventId, adverseEventId } }, _options);

    public static Task<bool> RecordScanAsync(this IDialogService dialogs, int patientId) =>
        ShowAsync(dialogs, "Record scan", new DialogParameters<RecordScanDialog> { { d => d.PatientId, patientId } }, _wideOptions);

    public static Task<bool> RecordInfusionAsync(this IDialogService dialogs, int patientId, int treatmentCourseId, string regimen) =>
        ShowAsync(dialogs, $"Record infusion for {regimen}",
            new DialogParameters<RecordInfusionDialog> { { d => d.PatientId, patientId }, { d => d.TreatmentCourseId, treatmentCourseId } }, _options);

    public static Task<bool> ReferToTrialAsync(this IDialogService dialogs, int patientId) =>
        ShowAsync(dialogs, "Refer to trial", new DialogParameters<ReferToTrialDialog> { { d => d.PatientId, patientId } }, _wideOptions);

    /// <summary>
    /// Always true once closed: the import panel writes as soon as the user confirms the preview, so even a dialog closed
    /// with Escape afterwards may have changed the record.
    /// </summary>
    public static async Task<bool> ImportLabCsvAsync(this IDialogService dialogs, int patientId)
    {
        await ShowAsync(dialogs, "Import lab results from CSV", new DialogParameters<LabImportDialog> { { d => d.PatientId, patientId } }, _wideOptions);
        return true;
    }

    private static async Task<bool> ShowAsync<TDialog>(IDialogService dialogs, string title, DialogParameters<TDialog> parameters, DialogOptions options)
        where TDialog : Microsoft.AspNetCore.Components.IComponent
    {
        var dialog = await dialogs.ShowAsync<TDialog>(title, parameters, options);
        var result = await dialog.Result;
        return result is { Canceled: false };
    }
}
