using MdtReview.Clinical.GuidelineCheck;

namespace MdtReview.Data.Model;

public enum TreatmentStatus
{
    Active,
    Paused,
    Stopped,
    Completed,
}

public enum TreatmentIntent
{
    Curative,
    Adjuvant,
    Palliative,
}

public class TreatmentCourse : IVersioned
{
    public int Id { get; set; }
    public int PatientId { get; set; }
    public Patient? Patient { get; set; }

    /// <summary>Display name of the regimen, e.g. "Pembrolizumab 200 mg q3w".</summary>
    public required string Regimen { get; set; }

    /// <summary>The drugs, comma separated, e.g. "ipilimumab, nivolumab".</summary>
    public required string Drugs { get; set; }

    public int IntervalDays { get; set; }
    public TreatmentIntent Intent { get; set; }
    public int LineOfTherapy { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public TreatmentStatus Status { get; set; }

    /// <summary>Fixed term in months (e.g. 24 for two years); null means until progression or toxicity.</summary>
    public int? PlannedDurationMonths { get; set; }

    public string? StatusReason { get; set; }

    /// <summary>What the team plans next when this course is switched, e.g. "carboplatin + pemetrexed".</summary>
    public string? PlannedNextTreatment { get; set; }

    public uint Version { get; set; }

    public List<Infusion> Infusions { get; set; } = [];

    /// <summary>
    /// The effect of a final MDT decision on this course, the one place these moves are made: a pause holds it with the
    /// restart condition, continuing resumes a paused course, a stop or a switch ends it (a switch with the planned next
    /// treatment). Other outcomes leave it as it is, and a stopped or completed course is history that no decision moves.
    /// </summary>
    public void ApplyFinalDecision(Decision decision, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (Status is TreatmentStatus.Stopped or TreatmentStatus.Completed)
        {
            return;
        }

        var reason = $"MDT decision {today:d MMM yyyy}";
        switch (decision.Outcome)
        {
            case DecisionOutcome.Pause:
                Status = TreatmentStatus.Paused;
                StatusReason = $"{reason}: paused — {decision.Conditions}";
                break;
            case DecisionOutcome.Continue when Status == TreatmentStatus.Paused:
                Status = TreatmentStatus.Active;
                StatusReason = $"{reason}: resumed";
                break;
            case DecisionOutcome.Stop:
                Status = TreatmentStatus.Stopped;
                EndDate = today;
                StatusReason = $"{reason}: stopped";
                break;
            case DecisionOutcome.SwitchToChemotherapy or DecisionOutcome.SwitchToTargetedTherapy:
                Status = TreatmentStatus.Stopped;
                EndDate = today;
                PlannedNextTreatment = decision.PlannedNextTreatment;
                StatusReason = decision.Outcome == DecisionOutcome.SwitchToChemotherapy
                    ? $"{reason}: switched to chemotherapy"
                    : $"{reason}: switched to targeted therapy";
                break;
            default:
                break;
        }
    }
}

public enum InfusionStatus
{
    Given,
    Deferred,
}

public class Infusion : IVersioned
{
    public int Id { get; set; }
    public int TreatmentCourseId { get; set; }
    public TreatmentCourse? TreatmentCourse { get; set; }
    public int CycleNumber { get; set; }
    public DateOnly Date { get; set; }
    public InfusionStatus Status { get; set; }
    public string? DeferralReason { get; set; }
    public DateTime RecordedAt { get; set; }
    public string? RecordedById { get; set; }
    public uint Version { get; set; }
}
