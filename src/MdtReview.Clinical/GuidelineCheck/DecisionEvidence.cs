using MdtReview.Clinical.Ctcae;
using MdtReview.Clinical.Irae;
using MdtReview.Clinical.Recist;

namespace MdtReview.Clinical.GuidelineCheck;

/// <summary>Where the patient is with the checkpoint inhibitor when the MDT decides.</summary>
public enum TreatmentState
{
    /// <summary>Not started yet.</summary>
    NotStarted,
    /// <summary>On treatment.</summary>
    OnTreatment,
    /// <summary>Treatment held (paused).</summary>
    Held,
    /// <summary>Treatment permanently discontinued.</summary>
    PermanentlyDiscontinued,
}

/// <summary>An immune-related adverse event that is still active.</summary>
/// <param name="Category">The irAE category.</param>
/// <param name="Grade">Its current grade 1–4, as the guideline grades it.</param>
/// <param name="Context">Facts the organ rule may use.</param>
public sealed record ActiveIrae(IraeCategory Category, int Grade, IraeContext? Context = null);

/// <summary>The evidence a decision is checked against (an evidence snapshot stores it with <see cref="RulesVersion.Current"/>).</summary>
public sealed record DecisionEvidence
{
    /// <summary>The latest grade of each lab test (from <see cref="CtcaeGrader"/>).</summary>
    public IReadOnlyList<LabGrade> LatestLabGrades { get; init; } = [];

    /// <summary>Active irAEs with their grades.</summary>
    public IReadOnlyList<ActiveIrae> ActiveIraes { get; init; } = [];

    /// <summary>The latest RECIST 1.1 time-point response, if any.</summary>
    public Recist11Response? LatestRecist { get; init; }

    /// <summary>The latest iRECIST time-point response, if any.</summary>
    public IrecistResponse? LatestIrecist { get; init; }

    /// <summary>iRECIST clinical stability (performance status not worse, no clinically relevant rise in disease symptoms, no escalation of symptom management); null = not recorded.</summary>
    public bool? ClinicallyStable { get; init; }

    /// <summary>The treatment state before the decision.</summary>
    public TreatmentState TreatmentState { get; init; } = TreatmentState.OnTreatment;
}
