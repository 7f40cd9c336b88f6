namespace MdtReview.Clinical;

/// <summary>
/// The version of the clinical rules as a whole. Evidence snapshots store it beside every computed grade,
/// action and finding so that a later reader knows which rules produced them.
/// </summary>
public static class RulesVersion
{
    /// <summary>
    /// Rules version string. Change it whenever a threshold, band or recommendation changes, and record the
    /// change in docs/clinical-safety.md.
    /// </summary>
    public const string Current = "mdtreview-rules-2026.1 (CTCAE v5.0; RECIST 1.1; iRECIST 2017; ASCO irAE 2021)";

    /// <summary>The CTCAE version every lab grade is made under.</summary>
    public const string CtcaeVersion = "5.0";
}
