using MdtReview.Clinical.Recist;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;
using NonTargetStatus = MdtReview.Clinical.Recist.NonTargetStatus;

namespace MdtReview.Web.Features.Patients.Entry.Services;

/// <summary>One lesion row of a scan as entered: its id across the series, where it is, and its size on this scan.</summary>
public sealed record LesionInput(string LesionKey, string Organ, bool IsLymphNode, LesionKind Kind, decimal? DiameterMm, bool TooSmallToMeasure = false);

public sealed record NewScan(
    DateOnly ScanDate,
    ScanModality Modality,
    bool IsBaseline,
    string? ReportText,
    NonTargetStatus NonTargetStatus,
    bool? NonTargetFurtherIncrease,
    bool? ClinicallyStable,
    bool UnscheduledForSymptoms,
    Recist11Response? RadiologistRecist,
    IrecistResponse? RadiologistIrecist,
    IReadOnlyList<LesionInput> Lesions);

/// <summary>
/// Records a scan with its lesion measurements, checked by <see cref="ScanValidation"/> against the patient's series.
/// Responses are never entered: the clinical library computes them; a radiologist's stated response is stored beside.
/// </summary>
public sealed class RecordScan(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    public const int MaxLesionKeyLength = 20;
    public const int MaxOrganLength = 100;
    public const int MaxReportLength = 8000;

    /// <summary>
    /// Larger than any single lesion reported on CT (the largest soft-tissue sarcomas and liver masses are about 30–40 cm):
    /// a value above it is a slip (cm typed as mm ×10, or an extra digit), not a measurement.
    /// </summary>
    public const decimal MaxDiameterMm = 500m;

    public async Task<EntryResult> HandleAsync(int patientId, NewScan input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken);
        if (user is null)
        {
            return EntryResult.Forbidden();
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return EntryResult.NotFound("This patient no longer exists.");
        }

        var existing = await ScanValidation.LoadSeriesAsync(db, patientId, cancellationToken);
        var today = EntrySupport.Today(clock);
        var errors = new FieldErrors();
        if (input.ScanDate == default)
        {
            errors.Add(nameof(NewScan.ScanDate), "Enter the scan date.");
        }
        else if (input.ScanDate > today)
        {
            errors.Add(nameof(NewScan.ScanDate), "The scan date cannot be in the future.");
        }
        else if (existing.FirstOrDefault(s => s.ScanDate == input.ScanDate) is not null)
        {
            errors.Add(nameof(NewScan.ScanDate), $"A scan on {EntrySupport.Show(input.ScanDate)} is already recorded; record one assessment per scan date.");
        }

        if (!Enum.IsDefined(input.Modality))
        {
            errors.Add(nameof(NewScan.Modality), "Choose the modality.");
        }

        if (input.ReportText?.Length > MaxReportLength)
        {
            errors.Add(nameof(NewScan.ReportText), $"Use at most {MaxReportLength} characters.");
        }

        ScanValidation.Validate(input, existing, errors);
        if (errors.Any)
        {
            return EntryResult.Invalid(errors.ToDictionary());
        }

        var scan = ToEntity(patientId, input, user.Id);

        // A last check of the whole series as the library will read it, so nothing is stored that the RECIST/iRECIST
        // evaluation would reject later.
        if (RecistSeries.From([.. existing, scan]) is { } series && RecistEvaluator.Evaluate(series).Errors is { Count: > 0 } seriesErrors)
        {
            return EntryResult.Invalid(EntryResult.FormKey, string.Join(" ", seriesErrors));
        }

        db.Scans.Add(scan);
        await ClinicalWrites.CommitAsync(db, [patientId], today, cancellationToken);
        return EntryResult.Saved(scan.Id);
    }

    public static string Field(int index, string property) => $"{nameof(NewScan.Lesions)}[{index}].{property}";

    private Scan ToEntity(int patientId, NewScan input, string userId)
    {
        var scan = new Scan
        {
            PatientId = patientId,
            ScanDate = input.ScanDate,
            Modality = input.Modality,
            IsBaseline = input.IsBaseline,
            ReportText = EntrySupport.Clean(input.ReportText),
            NonTargetStatus = input.NonTargetStatus,
            // The iRECIST fields describe the course after baseline; a baseline carries none.
            NonTargetFurtherIncrease = input.IsBaseline ? null : input.NonTargetFurtherIncrease,
            ClinicallyStable = input.IsBaseline ? null : input.ClinicallyStable,
            UnscheduledForSymptoms = !input.IsBaseline && input.UnscheduledForSymptoms,
            RadiologistRecist = input.RadiologistRecist,
            RadiologistIrecist = input.RadiologistIrecist,
            RecordedAt = clock.GetUtcNow().UtcDateTime,
            RecordedById = userId,
        };
        foreach (var l in input.Lesions)
        {
            scan.Lesions.Add(new LesionMeasurement
            {
                LesionKey = l.LesionKey.Trim(),
                Organ = l.Organ.Trim(),
                IsLymphNode = l.IsLymphNode,
                Kind = l.Kind,
                DiameterMm = l.DiameterMm,
                TooSmallToMeasure = l.TooSmallToMeasure,
                // Derived, never typed: RECIST 1.1 §3.1 measurability (≥10 mm; lymph nodes ≥15 mm short axis).
                Measurable = l.DiameterMm >= (l.IsLymphNode ? BaselineValidation.MinNodalTargetMm : BaselineValidation.MinNonNodalTargetMm),
            });
        }

        return scan;
    }
}
