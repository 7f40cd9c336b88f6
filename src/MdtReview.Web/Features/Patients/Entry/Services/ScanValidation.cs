using System.Globalization;
using MdtReview.Clinical.Recist;
using MdtReview.Data;
using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;
using NonTargetStatus = MdtReview.Clinical.Recist.NonTargetStatus;

namespace MdtReview.Web.Features.Patients.Entry.Services;

/// <summary>
/// Every check of a scan against the series it joins. A baseline's target selection is checked by the clinical library
/// (<see cref="BaselineValidation"/>, RECIST 1.1 §3.1 and §4.2); a follow-up must come after the baseline and measure every
/// baseline target.
/// </summary>
internal static class ScanValidation
{
    /// <summary>The patient's scans with their lesions, oldest first: the series a new scan is checked against.</summary>
    public static async Task<List<Scan>> LoadSeriesAsync(MdtReviewDbContext db, int patientId, CancellationToken cancellationToken) =>
        await db.Scans.AsNoTracking().Include(s => s.Lesions).Where(s => s.PatientId == patientId)
            .OrderBy(s => s.ScanDate).ToListAsync(cancellationToken);

    /// <summary>The lesion rows, then the scan as a baseline or as a follow-up of the series' baseline.</summary>
    public static void Validate(NewScan input, List<Scan> existing, FieldErrors errors)
    {
        ValidateRows(input, errors);
        var baseline = existing.FirstOrDefault(s => s.IsBaseline);
        if (input.IsBaseline)
        {
            ValidateBaseline(input, existing, baseline, errors);
        }
        else
        {
            ValidateFollowUp(input, baseline, errors);
        }
    }

    private static void ValidateRows(NewScan input, FieldErrors errors)
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < input.Lesions.Count; i++)
        {
            var lesion = input.Lesions[i];
            var key = lesion.LesionKey?.Trim() ?? "";
            if (key.Length == 0)
            {
                errors.Add(RecordScan.Field(i, nameof(LesionInput.LesionKey)), "Enter the lesion id, e.g. T1, NT1 or N1.");
            }
            else if (key.Length > RecordScan.MaxLesionKeyLength)
            {
                errors.Add(RecordScan.Field(i, nameof(LesionInput.LesionKey)), $"Use at most {RecordScan.MaxLesionKeyLength} characters.");
            }
            else if (!keys.Add(key))
            {
                errors.Add(RecordScan.Field(i, nameof(LesionInput.LesionKey)), $"Lesion id {key} is used twice on this scan; each lesion needs its own id.");
            }

            var organ = lesion.Organ?.Trim() ?? "";
            if (organ.Length == 0)
            {
                errors.Add(RecordScan.Field(i, nameof(LesionInput.Organ)), "Enter the organ or site.");
            }
            else if (organ.Length > RecordScan.MaxOrganLength)
            {
                errors.Add(RecordScan.Field(i, nameof(LesionInput.Organ)), $"Use at most {RecordScan.MaxOrganLength} characters.");
            }

            if (!Enum.IsDefined(lesion.Kind))
            {
                errors.Add(RecordScan.Field(i, nameof(LesionInput.Kind)), "Choose target, non-target or new.");
            }

            var diameter = RecordScan.Field(i, nameof(LesionInput.DiameterMm));
            if (lesion.TooSmallToMeasure && lesion.DiameterMm is not null)
            {
                errors.Add(diameter, "Give a diameter or mark the lesion too small to measure, not both.");
            }
            else if (lesion.DiameterMm < 0)
            {
                errors.Add(diameter, "A diameter cannot be negative.");
            }
            else if (lesion.DiameterMm > RecordScan.MaxDiameterMm)
            {
                errors.Add(diameter, $"{Number(lesion.DiameterMm.Value)} mm is larger than any lesion measured on CT; check the value is in millimetres.");
            }
            else if (lesion.DiameterMm == 0 && lesion.Kind != LesionKind.Target)
            {
                errors.Add(diameter, "Only a target lesion can be recorded as 0 mm (disappeared); leave the diameter empty if it was not measured.");
            }
        }
    }

    private static void ValidateBaseline(NewScan input, List<Scan> existing, Scan? baseline, FieldErrors errors)
    {
        if (baseline is not null)
        {
            errors.Add(nameof(NewScan.IsBaseline), $"This patient already has a baseline scan ({EntrySupport.Show(baseline.ScanDate)}); record this scan as a follow-up.");
        }
        else if (existing.Count > 0 && input.ScanDate != default && existing.Min(s => s.ScanDate) < input.ScanDate)
        {
            errors.Add(nameof(NewScan.ScanDate),
                $"A scan of {EntrySupport.Show(existing.Min(s => s.ScanDate))} is already recorded; the baseline must come before every other scan.");
        }

        if (input.RadiologistRecist is not null || input.RadiologistIrecist is not null)
        {
            errors.Add(nameof(NewScan.RadiologistRecist), "A baseline scan has no response; leave the stated response empty.");
        }

        if (input.NonTargetStatus is not (NonTargetStatus.None or NonTargetStatus.Present))
        {
            // RECIST 1.1 §4.3.2: at baseline non-target disease is only recorded as present (or there is none).
            errors.Add(nameof(NewScan.NonTargetStatus), "At baseline, non-target disease is either none or present.");
        }
        else if (input.Lesions.Any(l => l.Kind == LesionKind.NonTarget) && input.NonTargetStatus != NonTargetStatus.Present)
        {
            errors.Add(nameof(NewScan.NonTargetStatus), "Non-target lesions are listed, so non-target disease is present at baseline.");
        }

        var rows = input.Lesions.Select((l, i) => (Lesion: l, Index: i)).ToList();
        foreach (var (lesion, i) in rows.Where(r => r.Lesion.Kind == LesionKind.New))
        {
            errors.Add(RecordScan.Field(i, nameof(LesionInput.Kind)), "A baseline has no new lesions: record the lesion as a target or non-target lesion.");
        }

        var targets = rows.Where(r => r.Lesion.Kind == LesionKind.Target && !string.IsNullOrWhiteSpace(r.Lesion.LesionKey)).ToList();
        var problems = BaselineValidation.Validate(
            [.. targets.Select(r => new TargetLesion(r.Lesion.LesionKey.Trim(), r.Lesion.Organ?.Trim() ?? "", r.Lesion.IsLymphNode))],
            targets.GroupBy(r => r.Lesion.LesionKey.Trim(), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Measurement(g.First().Lesion), StringComparer.Ordinal));
        foreach (var problem in problems.Where(p => p.Kind != BaselineProblemKind.DuplicateId))
        {
            var row = problem.LesionId is null ? -1 : targets.FindIndex(r => string.Equals(r.Lesion.LesionKey.Trim(), problem.LesionId, StringComparison.Ordinal));
            errors.Add(row < 0 ? nameof(NewScan.Lesions) : RecordScan.Field(targets[row].Index, nameof(LesionInput.DiameterMm)), problem.Message);
        }
    }

    private static void ValidateFollowUp(NewScan input, Scan? baseline, FieldErrors errors)
    {
        if (baseline is null)
        {
            errors.Add(nameof(NewScan.IsBaseline), "This patient has no baseline scan yet; record the baseline first.");
            return;
        }

        if (input.ScanDate != default && input.ScanDate <= baseline.ScanDate)
        {
            errors.Add(nameof(NewScan.ScanDate), $"A follow-up scan must be after the baseline ({EntrySupport.Show(baseline.ScanDate)}).");
        }

        var baselineTargets = baseline.Lesions.Where(l => l.Kind == LesionKind.Target).ToDictionary(l => l.LesionKey, StringComparer.OrdinalIgnoreCase);
        var baselineNonTargets = baseline.Lesions.Where(l => l.Kind == LesionKind.NonTarget).ToDictionary(l => l.LesionKey, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < input.Lesions.Count; i++)
        {
            var lesion = input.Lesions[i];
            var key = lesion.LesionKey?.Trim() ?? "";
            if (key.Length == 0)
            {
                continue;
            }

            switch (lesion.Kind)
            {
                case LesionKind.Target when !baselineTargets.ContainsKey(key):
                    errors.Add(RecordScan.Field(i, nameof(LesionInput.LesionKey)),
                        $"{key} is not a target lesion of the baseline; a lesion first seen after baseline is a new lesion (RECIST 1.1 §4.3).");
                    break;
                case LesionKind.Target when lesion.DiameterMm is null && !lesion.TooSmallToMeasure:
                    errors.Add(RecordScan.Field(i, nameof(LesionInput.DiameterMm)), $"Measure target lesion {key} (0 mm if it has disappeared, or mark it too small to measure).");
                    break;
                case LesionKind.Target when !SameSite(baselineTargets[key], lesion):
                    errors.Add(RecordScan.Field(i, nameof(LesionInput.Organ)),
                        $"At baseline {key} was {Site(baselineTargets[key])}; a lesion keeps its site across the series.");
                    break;
                case LesionKind.NonTarget when !baselineNonTargets.ContainsKey(key):
                    errors.Add(RecordScan.Field(i, nameof(LesionInput.LesionKey)),
                        $"{key} is not a non-target lesion of the baseline; a lesion first seen after baseline is a new lesion.");
                    break;
                case LesionKind.New when baselineTargets.ContainsKey(key) || baselineNonTargets.ContainsKey(key):
                    errors.Add(RecordScan.Field(i, nameof(LesionInput.LesionKey)), $"{key} is a baseline lesion; give the new lesion its own id, e.g. N1.");
                    break;
            }
        }

        foreach (var missing in baselineTargets.Values.Where(t => !input.Lesions.Any(l => l.Kind == LesionKind.Target
                     && string.Equals(l.LesionKey?.Trim(), t.LesionKey, StringComparison.OrdinalIgnoreCase))))
        {
            errors.Add(nameof(NewScan.Lesions), $"Baseline target lesion {missing.LesionKey} ({Site(missing)}) is not measured on this scan; every baseline target must be measured.");
        }

        // RECIST 1.1 §4.3.2 / iRECIST: non-target disease present at baseline stays assessed; absent at baseline stays none.
        if (baseline.NonTargetStatus == NonTargetStatus.Present && input.NonTargetStatus == NonTargetStatus.None)
        {
            errors.Add(nameof(NewScan.NonTargetStatus), "Non-target disease was present at baseline: record it as present, absent, unequivocal progression or not evaluated.");
        }
        else if (baseline.NonTargetStatus == NonTargetStatus.None && input.NonTargetStatus != NonTargetStatus.None)
        {
            errors.Add(nameof(NewScan.NonTargetStatus), "There was no non-target disease at baseline, so the status is none; record disease found since as a new lesion.");
        }
    }

    private static TargetMeasurement Measurement(LesionInput lesion) =>
        lesion.TooSmallToMeasure ? TargetMeasurement.TooSmallToMeasure
        : lesion.DiameterMm is { } mm and >= 0 ? TargetMeasurement.Mm(mm)
        : TargetMeasurement.NotAssessed;

    private static bool SameSite(LesionMeasurement baseline, LesionInput lesion) =>
        string.Equals(baseline.Organ, lesion.Organ?.Trim(), StringComparison.OrdinalIgnoreCase) && baseline.IsLymphNode == lesion.IsLymphNode;

    private static string Site(LesionMeasurement lesion) => lesion.IsLymphNode ? $"a lymph node ({lesion.Organ})" : lesion.Organ;

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
