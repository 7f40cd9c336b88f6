namespace MdtReview.Clinical.Ctcae;

/// <summary>
/// Which set of CTCAE absolute cut-offs a unit selects. CTCAE prints each absolute cut-off once per unit
/// system and rounds each separately (e.g. 55 mg/dL beside 3.0 mmol/L), so a value is graded against the
/// cut-offs of the unit it was reported in, never converted first (clinical-rules.md §1a rule 1).
/// </summary>
internal enum CutOffScale
{
    RatioOnly,
    GramsPerLitre,
    GramsPerDecilitre,
    HaemoglobinMillimolesPerLitre,
    TenToNinePerLitre,
    PerMicrolitre,
    MillimolesPerLitre,
    MilligramsPerDecilitre,
    MilliunitsPerLitre,
}

/// <summary>A unit accepted for a lab test, with its conversion to the test's canonical SI unit.</summary>
public sealed record LabUnit
{
    /// <summary>The unit as MdtReview displays it, e.g. "umol/L".</summary>
    public required string Symbol { get; init; }

    /// <summary>Other spellings that mean the same unit (matched case-insensitively, "µ"/"μ" read as "u").</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Value in this unit × <see cref="Multiplier"/> ÷ <see cref="Divisor"/> = value in the canonical unit.</summary>
    public decimal Multiplier { get; init; } = 1m;

    /// <summary>See <see cref="Multiplier"/>. Kept separate so conversions such as mg/dL ÷ 18.016 stay exact decimals.</summary>
    public decimal Divisor { get; init; } = 1m;

    internal CutOffScale Scale { get; init; }

    /// <summary>Converts a value in this unit to the canonical unit of the test.</summary>
    /// <param name="value">The value in this unit.</param>
    /// <returns>The value in the canonical unit.</returns>
    public decimal ToCanonical(decimal value) => value * Multiplier / Divisor;

    /// <summary>Converts a value in the canonical unit of the test to this unit.</summary>
    /// <param name="canonicalValue">The value in the canonical unit.</param>
    /// <returns>The value in this unit.</returns>
    public decimal FromCanonical(decimal canonicalValue) => canonicalValue * Divisor / Multiplier;

    internal bool Matches(string unit)
    {
        var wanted = Normalise(unit);
        return Normalise(Symbol) == wanted || Aliases.Any(a => Normalise(a) == wanted);
    }

    internal static string Normalise(string unit) =>
        unit.Trim().Replace('µ', 'u').Replace('μ', 'u').Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
}
