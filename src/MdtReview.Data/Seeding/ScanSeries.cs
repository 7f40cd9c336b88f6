using System.Globalization;
using MdtReview.Clinical.Recist;
using MdtReview.Data.Model;
using NonTargetStatus = MdtReview.Clinical.Recist.NonTargetStatus;

namespace MdtReview.Data.Seeding;

/// <summary>The shape of a patient's tumour response over time.</summary>
internal enum ResponsePattern
{
    /// <summary>Shrinks, then all target lesions disappear (nodes back under 10 mm).</summary>
    CompleteResponse,

    /// <summary>Stable on the first scan, then at least 30% smaller.</summary>
    PartialResponse,

    /// <summary>Neither 30% smaller nor 20% bigger.</summary>
    StableDisease,

    /// <summary>Grows with a new lesion on the first scan (iUPD), confirmed 4–8 weeks later (iCPD).</summary>
    PrimaryProgression,

    /// <summary>Grows ≥20% on the first scan (iUPD), then responds on the confirmation scan 6 weeks later (iPR).</summary>
    PseudoProgression,

    /// <summary>Responds, then regrows from the nadir (iUPD) and grows further on the confirmation scan (iCPD).</summary>
    AcquiredResistance,

    /// <summary>Stable, then ≥20% growth on the latest scan: iUPD with the confirmation scan still to come.</summary>
    AwaitingConfirmation,

    /// <summary>Adjuvant treatment after resection: surveillance scans with no evidence of disease.</summary>
    NoEvidenceOfDisease,
}

/// <summary>
/// One scripted scan: how long after the previous one, the sum of target diameters as a fraction of baseline, and what the
/// radiologist would call it. The fractions keep clear of the RECIST thresholds (−30% from baseline, +20% and +5 mm over the
/// nadir) so per-lesion variation and rounding never flip a category.
/// </summary>
internal sealed record ScanStep(
    int DaysAfterPrevious,
    double Fraction,
    Recist11Response? ExpectedRecist,
    IrecistResponse? ExpectedIrecist,
    bool CompleteResponse = false,
    bool NewLesion = false,
    bool Confirmation = false,
    bool? ClinicallyStable = null);

/// <summary>Scripted response trajectories and the lesion measurements that realise them.</summary>
internal static class ScanSeries
{
    /// <summary>About every 12 weeks (clinical-rules.md §5; overview §1).</summary>
    public const int ScanIntervalDays = 84;

    /// <summary>
    /// The follow-up scans of a pattern (the baseline is implicit). <paramref name="extraScans"/> adds regular scans where the
    /// pattern continues (after a response, before a regrowth), so longer treatment gives a longer series.
    /// </summary>
    public static IReadOnlyList<ScanStep> Script(ResponsePattern pattern, int extraScans)
    {
        extraScans = Math.Max(0, extraScans);
        var r = ScanIntervalDays;
        var steps = new List<ScanStep>();
        switch (pattern)
        {
            case ResponsePattern.CompleteResponse:
                steps.Add(new(r, 0.55, Recist11Response.PR, IrecistResponse.IPR));
                steps.Add(new(r, 0.25, Recist11Response.PR, IrecistResponse.IPR));
                steps.AddRange(Enumerable.Repeat(new ScanStep(r, 0, Recist11Response.CR, IrecistResponse.ICR, CompleteResponse: true), 1 + extraScans));
                break;
            case ResponsePattern.PartialResponse:
                steps.Add(new(r, 0.80, Recist11Response.SD, IrecistResponse.ISD));
                steps.Add(new(r, 0.60, Recist11Response.PR, IrecistResponse.IPR));
                for (var i = 0; i < extraScans; i++)
                {
                    steps.Add(new(r, Math.Max(0.42, 0.54 - (0.03 * i)), Recist11Response.PR, IrecistResponse.IPR));
                }

                break;
            case ResponsePattern.StableDisease:
                double[] stable = [0.94, 0.89, 0.93, 0.90, 0.95, 0.91];
                for (var i = 0; i < 2 + extraScans; i++)
                {
                    steps.Add(new(r, stable[i % stable.Length], Recist11Response.SD, IrecistResponse.ISD));
                }

                break;
            case ResponsePattern.PrimaryProgression:
                steps.Add(new(r, 1.32, Recist11Response.PD, IrecistResponse.IUPD, NewLesion: true, ClinicallyStable: true));
                steps.Add(new(35, 1.58, Recist11Response.PD, IrecistResponse.ICPD, NewLesion: true, Confirmation: true, ClinicallyStable: false));
                break;
            case ResponsePattern.PseudoProgression:
                steps.Add(new(r, 1.30, Recist11Response.PD, IrecistResponse.IUPD, ClinicallyStable: true));
                // RECIST 1.1 has no way back from PD, so the radiologist states only the iRECIST response after it.
                steps.Add(new(42, 0.62, null, IrecistResponse.IPR, Confirmation: true, ClinicallyStable: true));
                for (var i = 0; i < 1 + extraScans; i++)
                {
                    steps.Add(new(r, Math.Max(0.40, 0.52 - (0.04 * i)), null, IrecistResponse.IPR));
                }

                break;
            case ResponsePattern.AcquiredResistance:
                steps.Add(new(r, 0.64, Recist11Response.PR, IrecistResponse.IPR));
                steps.Add(new(r, 0.58, Recist11Response.PR, IrecistResponse.IPR));
                for (var i = 0; i < extraScans; i++)
                {
                    steps.Add(new(r, 0.56, Recist11Response.PR, IrecistResponse.IPR));
                }

                steps.Add(new(r, 0.82, Recist11Response.PD, IrecistResponse.IUPD, ClinicallyStable: true));
                steps.Add(new(35, 1.00, null, IrecistResponse.ICPD, Confirmation: true, ClinicallyStable: true));
                break;
            case ResponsePattern.AwaitingConfirmation:
                steps.Add(new(r, 0.90, Recist11Response.SD, IrecistResponse.ISD));
                for (var i = 0; i < extraScans; i++)
                {
                    steps.Add(new(r, 0.92, Recist11Response.SD, IrecistResponse.ISD));
                }

                steps.Add(new(r, 1.20, Recist11Response.PD, IrecistResponse.IUPD, ClinicallyStable: true));
                break;
            case ResponsePattern.NoEvidenceOfDisease:
                for (var i = 0; i < 1 + extraScans; i++)
                {
                    steps.Add(new(r, 0, null, null));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(pattern), pattern, null);
        }

        return steps;
    }

    /// <summary>Days from the baseline scan to the last scripted scan, before date jitter.</summary>
    public static int Span(IReadOnlyList<ScanStep> steps) => steps.Sum(s => s.DaysAfterPrevious);

    /// <summary>
    /// The scans of a series: a baseline with a valid RECIST 1.1 target selection (≤5 targets, ≤2 per organ with all lymph
    /// nodes counting as one organ, ≥10 mm, nodes ≥15 mm short axis; baseline sum ≥45 mm so every +5 mm rule is met with room)
    /// and one scan per step. Scheduled scans fall within a few days of their due date.
    /// </summary>
    public static List<Scan> Build(
        Random rng, TumourSite site, IReadOnlyList<ScanStep> steps, DateOnly baselineDate, bool adjuvant, string? recordedById)
    {
        var scans = new List<Scan>(steps.Count + 1);
        if (adjuvant)
        {
            var date = baselineDate;
            scans.Add(Surveillance(date, true, recordedById));
            foreach (var step in steps)
            {
                date = date.AddDays(step.DaysAfterPrevious + rng.Next(-3, 5));
                scans.Add(Surveillance(date, false, recordedById));
            }

            return scans;
        }

        var targets = ChooseTargets(rng, site);
        var nonTargets = rng.NextDouble() < 0.75 ? ChooseNonTargets(rng, site) : [];
        var baselineSum = targets.Sum(t => t.BaselineMm);
        var baseline = NewScan(baselineDate, true, recordedById, nonTargets.Count > 0 ? NonTargetStatus.Present : NonTargetStatus.None);
        foreach (var t in targets)
        {
            baseline.Lesions.Add(Target(t, t.BaselineMm));
        }

        AddNonTargets(baseline, nonTargets);
        baseline.ReportText = $"Baseline CT chest, abdomen and pelvis with contrast. {targets.Count} target lesions selected "
            + $"({string.Join(", ", targets.Select(t => $"{t.Key} {t.Organ.ToLowerInvariant()} {t.BaselineMm} mm"))}); "
            + $"sum of diameters {baselineSum} mm."
            + (nonTargets.Count > 0 ? $" Non-target disease: {string.Join(", ", nonTargets.Select(n => n.Description))}." : "");
        scans.Add(baseline);

        var previous = baseline;
        var previousSum = baselineSum;
        var newLesionMm = 0;
        foreach (var step in steps)
        {
            var jitter = step.Confirmation ? rng.Next(-3, 4) : rng.Next(-3, 5);
            var nonTarget = nonTargets.Count == 0 ? NonTargetStatus.None : step.CompleteResponse ? NonTargetStatus.Absent : NonTargetStatus.Present;
            var scan = NewScan(previous.ScanDate.AddDays(step.DaysAfterPrevious + jitter), false, recordedById, nonTarget);
            scan.ClinicallyStable = step.ClinicallyStable;
            scan.RadiologistRecist = step.ExpectedRecist;
            scan.RadiologistIrecist = step.ExpectedIrecist;

            var measurements = Measure(rng, targets, step);
            for (var i = 0; i < targets.Count; i++)
            {
                scan.Lesions.Add(Target(targets[i], measurements[i]));
            }

            AddNonTargets(scan, nonTargets);
            if (step.NewLesion)
            {
                newLesionMm = newLesionMm == 0 ? rng.Next(12, 18) : newLesionMm + rng.Next(6, 10);
                scan.Lesions.Add(new LesionMeasurement
                {
                    LesionKey = "N1", Organ = "Liver", Kind = LesionKind.New, DiameterMm = newLesionMm, Measurable = true,
                });
            }

            var sum = measurements.Sum();
            scan.ReportText = Report(previous.ScanDate, sum, baselineSum, previousSum, step, newLesionMm);
            scans.Add(scan);
            previous = scan;
            previousSum = sum;
        }

        return scans;
    }

    private sealed record PlannedTarget(string Key, string Organ, bool IsLymphNode, int BaselineMm);

    private sealed record PlannedNonTarget(string Key, string Organ, bool IsLymphNode, string Description);

    private sealed record OrganSite(string Organ, bool IsLymphNode, int MinMm, int MaxMm);

    // Where each cancer usually has measurable disease; nodal sizes are short axis.
    private static readonly Dictionary<TumourSite, OrganSite[]> _targetSites = new()
    {
        [TumourSite.Lung] = [new("Lung", false, 18, 52), new("Lymph node", true, 15, 28), new("Liver", false, 12, 34), new("Adrenal", false, 12, 30), new("Pleura", false, 10, 24)],
        [TumourSite.Melanoma] = [new("Subcutaneous", false, 12, 34), new("Lymph node", true, 16, 38), new("Lung", false, 10, 22), new("Liver", false, 12, 40), new("Spleen", false, 10, 24)],
        [TumourSite.Renal] = [new("Lung", false, 10, 28), new("Lymph node", true, 15, 30), new("Adrenal", false, 15, 34), new("Pancreas", false, 12, 26), new("Liver", false, 12, 30)],
        [TumourSite.Bladder] = [new("Lymph node", true, 15, 32), new("Liver", false, 12, 38), new("Lung", false, 10, 24), new("Bladder", false, 20, 45), new("Peritoneum", false, 12, 28)],
    };

    private static readonly Dictionary<TumourSite, PlannedNonTarget[]> _nonTargetSites = new()
    {
        [TumourSite.Lung] = [new("NT1", "Bone", false, "sclerotic T8 and left iliac bone metastases"), new("NT2", "Pleura", false, "small right pleural effusion")],
        [TumourSite.Melanoma] = [new("NT1", "Lung", false, "several sub-centimetre lung nodules"), new("NT2", "Lymph node", true, "12 mm left inguinal node")],
        [TumourSite.Renal] = [new("NT1", "Bone", false, "lytic metastasis in the right 6th rib"), new("NT2", "Lung", false, "sub-centimetre lung nodules")],
        [TumourSite.Bladder] = [new("NT1", "Bone", false, "sclerotic L3 vertebral metastasis"), new("NT2", "Lymph node", true, "11 mm right external iliac node")],
    };

    private static List<PlannedTarget> ChooseTargets(Random rng, TumourSite site)
    {
        var sites = _targetSites.GetValueOrDefault(site) ?? _targetSites[TumourSite.Lung];
        var count = rng.NextDouble() switch { < 0.2 => 2, < 0.6 => 3, < 0.88 => 4, _ => 5 };
        var perOrgan = new Dictionary<string, int>();
        var targets = new List<PlannedTarget>();

        // The first organ of each list holds the dominant lesion (the primary or the main metastasis).
        var order = new List<OrganSite> { sites[0] };
        order.AddRange(sites.Skip(1).OrderBy(_ => rng.Next()));
        order.AddRange(sites.OrderBy(_ => rng.Next()));
        foreach (var organ in order)
        {
            if (targets.Count == count)
            {
                break;
            }

            // RECIST 1.1: at most two targets per organ; all nodes count as one organ (the organ name is shared).
            if (perOrgan.GetValueOrDefault(organ.Organ) >= 2)
            {
                continue;
            }

            perOrgan[organ.Organ] = perOrgan.GetValueOrDefault(organ.Organ) + 1;
            targets.Add(new($"T{targets.Count + 1}", organ.Organ, organ.IsLymphNode, rng.Next(organ.MinMm, organ.MaxMm + 1)));
        }

        // Keep the baseline sum at 45 mm or more by enlarging the dominant lesion.
        var sum = targets.Sum(t => t.BaselineMm);
        if (sum < 45)
        {
            targets[0] = targets[0] with { BaselineMm = targets[0].BaselineMm + (45 - sum) + rng.Next(0, 8) };
        }

        return targets;
    }

    private static List<PlannedNonTarget> ChooseNonTargets(Random rng, TumourSite site)
    {
        var all = _nonTargetSites.GetValueOrDefault(site) ?? _nonTargetSites[TumourSite.Lung];
        return rng.NextDouble() < 0.5 ? [all[0]] : [.. all];
    }

    /// <summary>
    /// Each lesion follows the step's fraction with its own ±5% variation; the dominant lesion then absorbs the rounding so the
    /// sum is the scripted fraction of baseline to the nearest millimetre.
    /// </summary>
    private static int[] Measure(Random rng, List<PlannedTarget> targets, ScanStep step)
    {
        var values = new int[targets.Count];
        if (step.CompleteResponse)
        {
            for (var i = 0; i < targets.Count; i++)
            {
                // RECIST 1.1 CR: non-nodal targets gone, nodal targets under 10 mm short axis (and still recorded).
                values[i] = targets[i].IsLymphNode ? rng.Next(5, 10) : 0;
            }

            return values;
        }

        var baselineSum = targets.Sum(t => t.BaselineMm);
        var wanted = (int)Math.Round(baselineSum * step.Fraction, MidpointRounding.AwayFromZero);
        for (var i = 0; i < targets.Count; i++)
        {
            values[i] = Math.Max(0, (int)Math.Round(targets[i].BaselineMm * step.Fraction * (0.95 + (rng.NextDouble() * 0.10))));
        }

        var dominant = Array.IndexOf(values, values.Max());
        values[dominant] = Math.Max(1, values[dominant] + (wanted - values.Sum()));
        return values;
    }

    private static Scan NewScan(DateOnly date, bool baseline, string? recordedById, NonTargetStatus nonTarget) => new()
    {
        ScanDate = date,
        Modality = ScanModality.Ct,
        IsBaseline = baseline,
        NonTargetStatus = nonTarget,
        RecordedAt = DateTime.SpecifyKind(date.ToDateTime(new TimeOnly(16, 30)), DateTimeKind.Utc),
        RecordedById = recordedById,
    };

    private static Scan Surveillance(DateOnly date, bool baseline, string? recordedById)
    {
        var scan = NewScan(date, baseline, recordedById, NonTargetStatus.None);
        scan.ReportText = baseline
            ? "Post-operative baseline CT chest, abdomen and pelvis. No measurable or evaluable disease."
            : "Surveillance CT chest, abdomen and pelvis. No evidence of disease recurrence.";
        return scan;
    }

    private static LesionMeasurement Target(PlannedTarget t, int mm) => new()
    {
        LesionKey = t.Key, Organ = t.Organ, IsLymphNode = t.IsLymphNode, Kind = LesionKind.Target, DiameterMm = mm, Measurable = true,
    };

    private static void AddNonTargets(Scan scan, List<PlannedNonTarget> nonTargets)
    {
        foreach (var n in nonTargets)
        {
            scan.Lesions.Add(new LesionMeasurement { LesionKey = n.Key, Organ = n.Organ, IsLymphNode = n.IsLymphNode, Kind = LesionKind.NonTarget });
        }
    }

    private static string Report(DateOnly previousDate, int sum, int baselineSum, int previousSum, ScanStep step, int newLesionMm)
    {
        var change = (sum - baselineSum) * 100.0 / baselineSum;
        var compared = $"CT chest, abdomen and pelvis with contrast, compared with {previousDate.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}.";
        var figures = $" Sum of target diameters {sum} mm (baseline {baselineSum} mm, {change.ToString("+0;-0;0", CultureInfo.InvariantCulture)}%).";
        string impression;
        if (step.CompleteResponse)
        {
            impression = " Target lesions have resolved; residual nodes are normal in size. No new disease.";
        }
        else if (step.NewLesion)
        {
            impression = $" New {newLesionMm} mm segment VI liver lesion, in keeping with metastasis. Overall disease progression.";
        }
        else if (sum > previousSum * 1.15)
        {
            impression = step.ExpectedIrecist == IrecistResponse.ICPD
                ? " Further enlargement of the target lesions since the previous scan. No new lesions."
                : " Interval enlargement of the target lesions. No new lesions. Pseudo-progression cannot be excluded on immunotherapy; suggest confirmation imaging in 4–8 weeks.";
        }
        else if (sum < previousSum * 0.85)
        {
            impression = " Interval reduction in size of the target lesions. No new lesions.";
        }
        else
        {
            impression = " Target lesions broadly stable. No new lesions.";
        }

        return compared + figures + impression;
    }
}
