namespace MdtReview.Clinical.Ctcae;

/// <summary>One lab result to grade.</summary>
/// <param name="Test">The test.</param>
/// <param name="Value">The result as reported; null when missing (the grade is then an error, not a guess).</param>
/// <param name="Unit">The unit as reported. May be null only for tests graded purely as multiples of ULN or baseline.</param>
/// <param name="Lln">Lower limit of normal, in the same unit as <paramref name="Value"/>; null when not supplied.</param>
/// <param name="Uln">Upper limit of normal, in the same unit; null when not supplied.</param>
/// <param name="Baseline">Pre-treatment value, in the same unit; null when unknown.</param>
/// <param name="Context">Clinical facts some grades depend on; null when none were recorded.</param>
public sealed record LabObservation(
    LabTest Test,
    decimal? Value,
    string? Unit,
    decimal? Lln = null,
    decimal? Uln = null,
    decimal? Baseline = null,
    ClinicalContext? Context = null);

/// <summary>
/// Clinical facts CTCAE uses beside the lab value. Each is a tri-state: true, false, or null = not recorded.
/// A grade that depends on a fact that is null is reported as not gradable with that fact in
/// <see cref="LabGrade.Needs"/>, never assumed.
/// </summary>
public sealed record ClinicalContext
{
    /// <summary>No facts recorded.</summary>
    public static ClinicalContext None { get; } = new();

    /// <summary>Signs or symptoms attributable to the abnormality.</summary>
    public bool? Symptomatic { get; init; }

    /// <summary>Medical intervention indicated or initiated for the abnormality.</summary>
    public bool? InterventionIndicated { get; init; }

    /// <summary>Hospitalisation indicated.</summary>
    public bool? Hospitalised { get; init; }

    /// <summary>Limits instrumental activities of daily living.</summary>
    public bool? LimitsInstrumentalAdl { get; init; }

    /// <summary>Limits self-care activities of daily living.</summary>
    public bool? LimitsSelfCareAdl { get; init; }

    /// <summary>Life-threatening consequences; urgent intervention indicated.</summary>
    public bool? LifeThreatening { get; init; }

    /// <summary>Thyroid hormone replacement indicated.</summary>
    public bool? ThyroidReplacementIndicated { get; init; }

    /// <summary>Thyroid suppression therapy indicated.</summary>
    public bool? ThyroidSuppressionIndicated { get; init; }

    /// <summary>An oral antiglycaemic agent was started.</summary>
    public bool? OralAntiglycaemicStarted { get; init; }

    /// <summary>Insulin therapy was started.</summary>
    public bool? InsulinStarted { get; init; }

    internal bool? Get(GradingInput input) => input switch
    {
        GradingInput.Symptomatic => Symptomatic,
        GradingInput.InterventionIndicated => InterventionIndicated,
        GradingInput.Hospitalised => Hospitalised,
        GradingInput.LimitsInstrumentalAdl => LimitsInstrumentalAdl,
        GradingInput.LimitsSelfCareAdl => LimitsSelfCareAdl,
        GradingInput.LifeThreatening => LifeThreatening,
        GradingInput.ThyroidReplacementIndicated => ThyroidReplacementIndicated,
        GradingInput.ThyroidSuppressionIndicated => ThyroidSuppressionIndicated,
        GradingInput.OralAntiglycaemicStarted => OralAntiglycaemicStarted,
        GradingInput.InsulinStarted => InsulinStarted,
        _ => null,
    };
}

/// <summary>An input a grade can be waiting for: a reference limit or a clinical fact.</summary>
public enum GradingInput
{
    /// <summary>Lower limit of normal.</summary>
    Lln,
    /// <summary>Upper limit of normal.</summary>
    Uln,
    /// <summary>Signs or symptoms present.</summary>
    Symptomatic,
    /// <summary>Intervention indicated or initiated.</summary>
    InterventionIndicated,
    /// <summary>Hospitalisation indicated.</summary>
    Hospitalised,
    /// <summary>Limits instrumental ADL.</summary>
    LimitsInstrumentalAdl,
    /// <summary>Limits self-care ADL.</summary>
    LimitsSelfCareAdl,
    /// <summary>Life-threatening consequences.</summary>
    LifeThreatening,
    /// <summary>Thyroid replacement indicated.</summary>
    ThyroidReplacementIndicated,
    /// <summary>Thyroid suppression therapy indicated.</summary>
    ThyroidSuppressionIndicated,
    /// <summary>Oral antiglycaemic started.</summary>
    OralAntiglycaemicStarted,
    /// <summary>Insulin started.</summary>
    InsulinStarted,
}
