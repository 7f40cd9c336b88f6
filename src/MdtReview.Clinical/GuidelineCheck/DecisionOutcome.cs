namespace MdtReview.Clinical.GuidelineCheck;

/// <summary>The outcomes an MDT may record for a patient on immune-checkpoint therapy.</summary>
public enum DecisionOutcome
{
    /// <summary>Carry on with the current checkpoint inhibitor.</summary>
    Continue,
    /// <summary>Hold treatment until a stated condition is met (for example an irAE back to grade ≤1).</summary>
    Pause,
    /// <summary>Stop the checkpoint inhibitor permanently.</summary>
    Stop,
    /// <summary>Stop immunotherapy and start chemotherapy.</summary>
    SwitchToChemotherapy,
    /// <summary>Stop immunotherapy and start a targeted agent.</summary>
    SwitchToTargetedTherapy,
    /// <summary>Refer the patient to a clinical trial.</summary>
    ReferToTrial,
}
