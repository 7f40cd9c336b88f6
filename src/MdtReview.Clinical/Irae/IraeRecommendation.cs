namespace MdtReview.Clinical.Irae;

/// <summary>The recommended action on the checkpoint inhibitor for one irAE.</summary>
/// <param name="Category">The irAE category.</param>
/// <param name="Grade">The grade the rule was applied at: the stated grade, or higher when a supplied figure (ALT × ULN, creatinine × baseline, TSH, glucose) puts it in a higher guideline band.</param>
/// <param name="Action">The recommended action (when the guideline allows several, the first it names or the more cautious).</param>
/// <param name="Alternatives">Other actions the guideline allows at this grade; empty when it allows only one.</param>
/// <param name="Source">Guideline, version and table.</param>
/// <param name="Basis">One line: why this action.</param>
/// <param name="Notes">Caveats: follow-on management, known ambiguities, missing facts.</param>
public sealed record IraeRecommendation(
    IraeCategory Category,
    int Grade,
    IraeAction Action,
    IReadOnlyList<IraeAction> Alternatives,
    string Source,
    string Basis,
    IReadOnlyList<string> Notes)
{
    /// <summary>Every action the guideline allows: <see cref="Action"/> first, then <see cref="Alternatives"/>.</summary>
    public IReadOnlyList<IraeAction> AllowedActions => [Action, .. Alternatives];

    /// <summary>The rules version that produced this recommendation.</summary>
    public string RulesVersion { get; init; } = Clinical.RulesVersion.Current;
}
