namespace MdtReview.Clinical.Recist;

/// <summary>Checks that a series can be evaluated at all, and turns it into per-scan figures.</summary>
internal static class SeriesValidation
{
    public static List<string> Check(TumourSeries series)
    {
        var errors = new List<string>();
        var scans = series.Assessments;
        if (scans.Count == 0)
        {
            errors.Add("The series has no scans; the first scan must be the baseline.");
            return errors;
        }

        var targetIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in series.Targets)
        {
            if (string.IsNullOrWhiteSpace(target.Id))
            {
                errors.Add("A target lesion has no id.");
            }
            else if (!targetIds.Add(target.Id))
            {
                errors.Add($"Target lesion id {target.Id} is used twice; each target lesion needs its own id.");
            }
        }

        var byDate = scans.All(s => s.Date is not null);
        if (!byDate && scans.Any(s => s.Day is null))
        {
            errors.Add("Every scan needs a day, or every scan a date; the series mixes them or leaves some out.");
            return errors;
        }

        for (var i = 1; i < scans.Count; i++)
        {
            var (previous, current) = byDate
                ? (scans[i - 1].Date!.Value.DayNumber, scans[i].Date!.Value.DayNumber)
                : (scans[i - 1].Day!.Value, scans[i].Day!.Value);
            if (current <= previous)
            {
                errors.Add(current == previous
                    ? $"Two scans are on the same {(byDate ? "date" : "day")} ({Label(scans[i])}); record one assessment per scan date."
                    : $"The scan of {Label(scans[i])} comes after the scan of {Label(scans[i - 1])}: scans must be in date order, baseline first.");
            }
        }

        var baseline = scans[0];
        foreach (var target in series.Targets.Where(t => !string.IsNullOrWhiteSpace(t.Id)).DistinctBy(t => t.Id))
        {
            if (!baseline.TargetMeasurements.TryGetValue(target.Id, out var m) || m.Kind == TargetMeasurementKind.NotAssessed)
            {
                errors.Add($"Target lesion {target.Id} has no baseline measurement; every target lesion must be measured on the baseline scan.");
            }
        }

        if (series.Targets.Count == 0 && baseline.NonTarget == NonTargetStatus.None)
        {
            errors.Add("No target lesions and no non-target disease at baseline: there is nothing to assess response against.");
        }

        if (baseline.NonTarget is not (NonTargetStatus.None or NonTargetStatus.Present))
        {
            errors.Add("At baseline, non-target disease is either none or present.");
        }

        if (baseline.NewLesions.Count > 0)
        {
            errors.Add("The baseline scan lists new lesions; at baseline every lesion is a target or a non-target lesion.");
        }

        foreach (var scan in scans)
        {
            CheckScan(scan, scan == baseline, baseline.NonTarget, targetIds, errors);
        }

        return errors;
    }

    private static void CheckScan(
        TumourAssessment scan,
        bool isBaseline,
        NonTargetStatus baselineNonTarget,
        HashSet<string> targetIds,
        List<string> errors)
    {
        foreach (var (id, m) in scan.TargetMeasurements.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!targetIds.Contains(id))
            {
                errors.Add($"The scan of {Label(scan)} has a measurement for {id}, which is not a baseline target lesion; "
                    + "a lesion found after baseline is a new lesion.");
            }
            else if (m.Millimetres < 0)
            {
                errors.Add($"Lesion {id} measures {ResponseText.Number(m.Millimetres.Value)} mm on {Label(scan)}; a diameter cannot be negative.");
            }
        }

        if (!isBaseline)
        {
            if (baselineNonTarget == NonTargetStatus.Present && scan.NonTarget == NonTargetStatus.None)
            {
                errors.Add($"Non-target disease was present at baseline, so on {Label(scan)} it must be recorded as present, absent, "
                    + "unequivocal progression or not evaluated.");
            }
            else if (baselineNonTarget == NonTargetStatus.None && scan.NonTarget != NonTargetStatus.None)
            {
                errors.Add($"No non-target disease was recorded at baseline, so on {Label(scan)} the non-target status must be none; "
                    + "disease found after baseline is a new lesion.");
            }
        }

        foreach (var lesion in scan.NewLesions)
        {
            if (string.IsNullOrWhiteSpace(lesion.Id))
            {
                errors.Add($"A new lesion on {Label(scan)} has no id.");
            }
            else if (targetIds.Contains(lesion.Id))
            {
                errors.Add($"New lesion {lesion.Id} on {Label(scan)} has the id of a baseline target lesion.");
            }

            if (lesion.DiameterMm < 0)
            {
                errors.Add($"New lesion {lesion.Id} measures {ResponseText.Number(lesion.DiameterMm.Value)} mm on {Label(scan)}; a diameter cannot be negative.");
            }
        }

        foreach (var duplicate in scan.NewLesions.GroupBy(l => l.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"New lesion {duplicate.Key} is listed twice on {Label(scan)}.");
        }
    }

    public static List<ScanFigures> Figures(TumourSeries series)
    {
        var scans = series.Assessments;
        var byDate = scans.All(s => s.Date is not null);
        var origin = byDate ? scans[0].Date!.Value.DayNumber : scans[0].Day!.Value;
        return scans
            .Select((s, i) =>
            {
                var elapsed = (byDate ? s.Date!.Value.DayNumber : s.Day!.Value) - origin;
                return new ScanFigures(i, s.Day ?? elapsed, elapsed, s, series.Targets);
            })
            .ToList();
    }

    private static string Label(TumourAssessment scan) =>
        scan.Date is { } date ? date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : $"day {scan.Day}";
}
