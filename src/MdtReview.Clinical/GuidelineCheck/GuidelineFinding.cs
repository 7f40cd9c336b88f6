namespace MdtReview.Clinical.GuidelineCheck;

/// <summary>How strongly a finding argues against the proposed decision.</summary>
public enum FindingSeverity
{
    /// <summary>The decision contradicts a guideline rule; the MDT must record a deviation reason to proceed.</summary>
    Must,
    /// <summary>The guideline advises otherwise or a fact is missing; the MDT should consider it.</summary>
    Should,
    /// <summary>Information for the record.</summary>
    Info,
}

/// <summary>One result of checking a decision against the guidelines.</summary>
/// <param name="Severity">Must, should or info.</param>
/// <param name="Code">A stable identifier for the rule, e.g. "irae-continue-not-allowed".</param>
/// <param name="Message">What the team should know, in clinical language.</param>
/// <param name="Source">Guideline, version and table.</param>
public sealed record GuidelineFinding(FindingSeverity Severity, string Code, string Message, string Source);
