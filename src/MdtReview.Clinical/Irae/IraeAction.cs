namespace MdtReview.Clinical.Irae;

/// <summary>What to do with the immune-checkpoint inhibitor because of an irAE.</summary>
public enum IraeAction
{
    /// <summary>Continue treatment (with closer monitoring).</summary>
    Continue,
    /// <summary>Hold treatment; consider resuming when the irAE is grade ≤1 (endocrine: when stable on replacement).</summary>
    Hold,
    /// <summary>Permanently discontinue the checkpoint inhibitor.</summary>
    Discontinue,
}
