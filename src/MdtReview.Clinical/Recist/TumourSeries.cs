namespace MdtReview.Clinical.Recist;

/// <summary>
/// A target lesion chosen on the baseline scan (RECIST 1.1, Eisenhauer et al. 2009, §4.2).
/// </summary>
/// <param name="Id">The lesion's identifier; the same identifier keys its measurements on every scan.</param>
/// <param name="Organ">The organ it lies in, used for the "at most 2 targets per organ" rule.</param>
/// <param name="IsLymphNode">
/// True for a lymph node: measured in short axis, target only when ≥15 mm, normal when &lt;10 mm.
/// </param>
public sealed record TargetLesion(string Id, string Organ, bool IsLymphNode = false);

/// <summary>How a target lesion was recorded on one scan.</summary>
public enum TargetMeasurementKind
{
    /// <summary>Not assessed on this scan (not imaged, image obscured, not reported).</summary>
    NotAssessed,

    /// <summary>Measured in millimetres; 0 means the lesion has disappeared.</summary>
    Measured,

    /// <summary>Present but too small to measure; RECIST 1.1 counts it as 5 mm.</summary>
    TooSmallToMeasure,
}

/// <summary>
/// One target lesion's measurement on one scan: the longest diameter, or the short axis of a lymph node.
/// </summary>
public readonly record struct TargetMeasurement
{
    // RECIST 1.1 (Eisenhauer 2009) §4.3.1–4.3.2, special notes on target lesions: a lesion reported as "too small to measure"
    // is given a default value of 5 mm so it still contributes to the sum.
    private const decimal TooSmallDefaultMm = 5m;

    private TargetMeasurement(TargetMeasurementKind kind, decimal? millimetres)
    {
        Kind = kind;
        Millimetres = millimetres;
    }

    /// <summary>How the lesion was recorded.</summary>
    public TargetMeasurementKind Kind { get; }

    /// <summary>The recorded diameter in mm; null unless <see cref="Kind"/> is <see cref="TargetMeasurementKind.Measured"/>.</summary>
    public decimal? Millimetres { get; }

    /// <summary>The value that goes into the sum of diameters; null when the lesion was not assessed.</summary>
    public decimal? ValueForSumMm => Kind switch
    {
        TargetMeasurementKind.Measured => Millimetres,
        TargetMeasurementKind.TooSmallToMeasure => TooSmallDefaultMm,
        _ => null,
    };

    /// <summary>Not assessed on this scan.</summary>
    public static TargetMeasurement NotAssessed => new(TargetMeasurementKind.NotAssessed, null);

    /// <summary>Present but too small to measure (counts as 5 mm).</summary>
    public static TargetMeasurement TooSmallToMeasure => new(TargetMeasurementKind.TooSmallToMeasure, null);

    /// <summary>Disappeared (0 mm).</summary>
    public static TargetMeasurement Disappeared => new(TargetMeasurementKind.Measured, 0m);

    /// <summary>Measured at <paramref name="millimetres"/> mm (0 = disappeared).</summary>
    public static TargetMeasurement Mm(decimal millimetres) => new(TargetMeasurementKind.Measured, millimetres);

    /// <summary>Lets a plain number stand for a measurement in mm.</summary>
    public static implicit operator TargetMeasurement(decimal millimetres) => Mm(millimetres);

    /// <summary>Same as the implicit conversion, for languages without operator overloading.</summary>
    public static TargetMeasurement FromDecimal(decimal millimetres) => Mm(millimetres);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        TargetMeasurementKind.Measured => $"{Millimetres} mm",
        TargetMeasurementKind.TooSmallToMeasure => "too small to measure",
        _ => "not assessed",
    };
}

/// <summary>Non-target disease as a whole on one scan (RECIST 1.1 §4.3.3–4.3.4).</summary>
public enum NonTargetStatus
{
    /// <summary>No non-target disease was recorded at baseline.</summary>
    None,

    /// <summary>Non-target lesions persist (neither gone nor unequivocally progressed).</summary>
    Present,

    /// <summary>All non-target lesions have gone and all non-target nodes are &lt;10 mm short axis.</summary>
    Absent,

    /// <summary>Unequivocal progression of non-target disease, as judged by the radiologist.</summary>
    UnequivocalProgression,

    /// <summary>Non-target disease present at baseline but not assessed on this scan.</summary>
    NotEvaluated,
}

/// <summary>
/// A lesion that was not there at baseline. An id seen on an earlier scan is the same lesion.
/// Only unequivocal new lesions belong here: RECIST 1.1 §4.3.5 keeps equivocal findings out until confirmed.
/// </summary>
/// <param name="Id">The new lesion's identifier, stable across scans.</param>
/// <param name="Organ">The organ it lies in (iRECIST picks at most 2 new-lesion targets per organ).</param>
/// <param name="IsLymphNode">True for a lymph node (measurable at ≥15 mm short axis).</param>
/// <param name="Measurable">Whether the radiologist recorded it as measurable.</param>
/// <param name="DiameterMm">Longest diameter (short axis for a node), when measured.</param>
/// <param name="IncreasedSincePrevious">
/// For a non-measurable new lesion: whether it has grown since the previous scan (iRECIST: any increase confirms progression).
/// </param>
public sealed record NewLesion(
    string Id,
    string Organ,
    bool IsLymphNode = false,
    bool Measurable = true,
    decimal? DiameterMm = null,
    bool? IncreasedSincePrevious = null);

/// <summary>
/// One scan: when it was done, each target lesion's measurement, the non-target status and any new lesions.
/// Give either <see cref="Day"/> or <see cref="Date"/>, the same way on every scan of a series.
/// </summary>
public sealed record TumourAssessment
{
    /// <summary>Day number (any origin, e.g. study day or days since baseline); null when <see cref="Date"/> is used.</summary>
    public int? Day { get; init; }

    /// <summary>Calendar date of the scan; null when <see cref="Day"/> is used.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>Measurement of each target lesion by lesion id. A missing id counts as not assessed (after baseline).</summary>
    public IReadOnlyDictionary<string, TargetMeasurement> TargetMeasurements { get; init; } =
        new Dictionary<string, TargetMeasurement>(StringComparer.Ordinal);

    /// <summary>Non-target disease on this scan; on the baseline scan either <see cref="NonTargetStatus.None"/> or <see cref="NonTargetStatus.Present"/>.</summary>
    public NonTargetStatus NonTarget { get; init; } = NonTargetStatus.None;

    /// <summary>
    /// iRECIST only: non-target disease has increased further since the previous scan. After a non-target iUPD this
    /// confirms progression (iCPD) even when the increase is not "unequivocal" again (Seymour 2017, table 2).
    /// </summary>
    public bool? NonTargetFurtherIncrease { get; init; }

    /// <summary>New lesions seen on this scan (not at baseline).</summary>
    public IReadOnlyList<NewLesion> NewLesions { get; init; } = [];

    /// <summary>
    /// iRECIST: the patient is clinically stable (no worsening performance status, no clinically relevant rise in
    /// disease-related symptoms, no escalation of symptom management). Null when not recorded.
    /// </summary>
    public bool? ClinicallyStable { get; init; }

    /// <summary>
    /// iRECIST: an unscheduled scan done for new symptoms. Such a scan may confirm progression earlier than 4 weeks
    /// after iUPD, but only by showing additional new lesions.
    /// </summary>
    public bool UnscheduledForSymptoms { get; init; }
}

/// <summary>
/// A patient's scan series: the target lesions chosen at baseline and the scans in date order, the first being baseline.
/// </summary>
/// <param name="Targets">Target lesions chosen at baseline; empty for non-target-only disease.</param>
/// <param name="Assessments">The scans in date order; the first is the baseline scan.</param>
public sealed record TumourSeries(IReadOnlyList<TargetLesion> Targets, IReadOnlyList<TumourAssessment> Assessments);
