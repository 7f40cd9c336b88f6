namespace MdtReview.Clinical.Recist;

/// <summary>The role of a lesion on a scan as stored by the app.</summary>
public enum LesionRole
{
    /// <summary>A target lesion chosen at baseline.</summary>
    Target,

    /// <summary>A non-target lesion (followed qualitatively through the scan's <see cref="NonTargetStatus"/>).</summary>
    NonTarget,

    /// <summary>A lesion not present at baseline.</summary>
    New,
}

/// <summary>One lesion row of a stored scan: the shape the app keeps, flattened.</summary>
/// <param name="LesionId">Stable id of the lesion across the series.</param>
/// <param name="Organ">Organ of the lesion.</param>
/// <param name="IsLymphNode">True for a lymph node (short axis).</param>
/// <param name="Role">Target, non-target or new.</param>
/// <param name="DiameterMm">Longest diameter (short axis for nodes); 0 when gone; null when not assessed.</param>
/// <param name="TooSmallToMeasure">Present but too small to measure (counts as 5 mm for a target).</param>
/// <param name="Measurable">For new lesions: recorded as measurable.</param>
/// <param name="IncreasedSincePrevious">For non-measurable new lesions: grown since the previous scan.</param>
public sealed record LesionRecord(
    string LesionId,
    string Organ,
    bool IsLymphNode,
    LesionRole Role,
    decimal? DiameterMm,
    bool TooSmallToMeasure = false,
    bool Measurable = true,
    bool? IncreasedSincePrevious = null);

/// <summary>A stored scan with its lesion rows.</summary>
/// <param name="Date">Scan date.</param>
/// <param name="NonTarget">Non-target status on this scan (None when there was no non-target disease at baseline).</param>
/// <param name="Lesions">The lesion rows of this scan.</param>
public sealed record ScanRecord(DateOnly Date, NonTargetStatus NonTarget, IReadOnlyList<LesionRecord> Lesions)
{
    /// <summary>iRECIST: non-target disease increased further since the previous scan.</summary>
    public bool? NonTargetFurtherIncrease { get; init; }

    /// <summary>iRECIST: the patient was clinically stable at this assessment.</summary>
    public bool? ClinicallyStable { get; init; }

    /// <summary>An unscheduled scan done for new symptoms.</summary>
    public bool UnscheduledForSymptoms { get; init; }
}

/// <summary>Builds a <see cref="TumourSeries"/> from stored scans, so the app does not repeat the mapping.</summary>
public static class ScanRecords
{
    /// <summary>
    /// The earliest scan is the baseline and its target rows define the target lesions; later target rows are
    /// measurements of those lesions (a target absent from a later scan counts as not assessed), and new-lesion rows
    /// become new lesions. Non-target rows are not used: non-target disease is judged as a whole in
    /// <see cref="ScanRecord.NonTarget"/>.
    /// </summary>
    /// <param name="scans">The patient's scans, in any order.</param>
    public static TumourSeries ToSeries(IEnumerable<ScanRecord> scans)
    {
        ArgumentNullException.ThrowIfNull(scans);
        var ordered = scans.OrderBy(s => s.Date).ToList();
        var targets = ordered.Count == 0
            ? []
            : ordered[0].Lesions
                .Where(l => l.Role == LesionRole.Target)
                .Select(l => new TargetLesion(l.LesionId, l.Organ, l.IsLymphNode))
                .ToList();
        var assessments = ordered.Select(s => new TumourAssessment
        {
            Date = s.Date,
            TargetMeasurements = s.Lesions
                .Where(l => l.Role == LesionRole.Target)
                .GroupBy(l => l.LesionId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Measurement(g.Last()), StringComparer.Ordinal),
            NonTarget = s.NonTarget,
            NonTargetFurtherIncrease = s.NonTargetFurtherIncrease,
            NewLesions = [.. s.Lesions
                .Where(l => l.Role == LesionRole.New)
                .Select(l => new NewLesion(l.LesionId, l.Organ, l.IsLymphNode, l.Measurable, l.DiameterMm, l.IncreasedSincePrevious))],
            ClinicallyStable = s.ClinicallyStable,
            UnscheduledForSymptoms = s.UnscheduledForSymptoms,
        }).ToList();
        return new TumourSeries(targets, assessments);
    }

    private static TargetMeasurement Measurement(LesionRecord lesion) =>
        lesion.TooSmallToMeasure ? TargetMeasurement.TooSmallToMeasure
        : lesion.DiameterMm is { } mm ? TargetMeasurement.Mm(mm)
        : TargetMeasurement.NotAssessed;
}
