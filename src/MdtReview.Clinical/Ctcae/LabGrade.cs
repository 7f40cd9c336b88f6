namespace MdtReview.Clinical.Ctcae;

/// <summary>
/// The CTCAE grade of one lab result, or why it has none. Three shapes:
/// graded (<see cref="Grade"/> set, 0 = inside the reference range / no adverse event);
/// not gradable from what was supplied (<see cref="Grade"/> null, <see cref="Needs"/> and <see cref="PossibleGrades"/> set);
/// invalid input (<see cref="Error"/> set).
/// </summary>
public sealed record LabGrade
{
    /// <summary>The test graded.</summary>
    public required LabTest Test { get; init; }

    /// <summary>The CTCAE term the value falls under; null when the value is normal or the direction is not yet known.</summary>
    public CtcaeTerm? Term { get; init; }

    /// <summary>The CTCAE term text, or null.</summary>
    public string? TermName => Term is { } t ? CtcaeTerms.Name(t) : null;

    /// <summary>The grade 0–4; null when not gradable.</summary>
    public int? Grade { get; init; }

    /// <summary>True when a grade was assigned.</summary>
    public bool Gradable => Grade is not null;

    /// <summary>What is missing before a grade can be given (empty when graded).</summary>
    public IReadOnlyList<GradingInput> Needs { get; init; } = [];

    /// <summary>The grades the value allows while something is missing (empty when graded or when the input is invalid).</summary>
    public IReadOnlyList<int> PossibleGrades { get; init; } = [];

    /// <summary>One line saying how the grade was reached, e.g. "3.25 × ULN (ULN 40 U/L)".</summary>
    public string Basis { get; init; } = "";

    /// <summary>The source of the criterion, e.g. "CTCAE v5.0, Investigations: Alanine aminotransferase increased".</summary>
    public string Source { get; init; } = "";

    /// <summary>The CTCAE version the grade was made under (always recorded, v6.0 differs).</summary>
    public string CtcaeVersion { get; init; } = RulesVersion.CtcaeVersion;

    /// <summary>Caveats the clinician should see beside the grade (assumptions, known ambiguities, higher grades that depend on clinical facts).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Why the input cannot be graded at all (unknown unit, value missing …), in clinical language; null when valid.</summary>
    public string? Error { get; init; }
}
