using MdtReview.Clinical.Irae;
using MdtReview.Data.Model;

namespace MdtReview.Data.Seeding;

/// <summary>The immune-related adverse events the generator can script.</summary>
internal enum IraeKind
{
    Hepatitis,
    Colitis,
    Pneumonitis,
    Nephritis,
    Hyperthyroidism,
    Hypothyroidism,
    Hypophysitis,
    Diabetes,
    Rash,
    Myocarditis,
    Arthritis,
}

/// <summary>What an irAE does to the immunotherapy (clinical-rules.md §4; ASCO 2021 / ESMO 2022 by grade).</summary>
internal enum TreatmentEffect
{
    /// <summary>Treatment continues (grade 1, or an endocrinopathy on replacement).</summary>
    None,

    /// <summary>Cycles are deferred until the irAE is back to grade ≤1.</summary>
    Hold,

    /// <summary>Permanent discontinuation (grade 4, myocarditis, grade ≥3 pneumonitis).</summary>
    Stop,
}

/// <summary>One scripted irAE: onset, grade changes, resolution and what it does to treatment.</summary>
/// <param name="Kind">Which irAE.</param>
/// <param name="OnsetDay">Days after C1D1 (ignored when <paramref name="OnsetDate"/> is given).</param>
/// <param name="Grades">Grade changes as (days after onset, grade); the first is at day 0.</param>
/// <param name="ResolvedAfterDays">Days after onset when it resolved; null while ongoing.</param>
/// <param name="Effect">What it does to treatment.</param>
/// <param name="OnsetDate">A fixed onset date, for demo patients timed against meetings.</param>
internal sealed record IraePlan(
    IraeKind Kind, int OnsetDay, IReadOnlyList<(int Day, int Grade)> Grades, int? ResolvedAfterDays, TreatmentEffect Effect, DateOnly? OnsetDate = null)
{
    public int MaxGrade => Grades.Max(g => g.Grade);
}

/// <summary>An irAE placed on the calendar, with what the generator needs to shape the labs and the schedule.</summary>
internal sealed record ScheduledIrae(IraePlan Plan, DateOnly Onset, DateOnly? Resolved)
{
    /// <summary>The grade on <paramref name="date"/>: 0 before onset and from resolution.</summary>
    public int GradeOn(DateOnly date)
    {
        if (date < Onset || (Resolved is not null && date >= Resolved))
        {
            return 0;
        }

        var days = date.DayNumber - Onset.DayNumber;
        return Plan.Grades.Where(g => g.Day <= days).Select(g => g.Grade).LastOrDefault(Plan.Grades[0].Grade);
    }

    /// <summary>The day the grade first falls to ≤1 (or the resolution), when treatment may restart; null if never.</summary>
    public DateOnly? BackToGradeOne =>
        Plan.Grades.Where(g => g.Grade <= 1 && g.Day > 0).Select(g => (DateOnly?)Onset.AddDays(g.Day)).FirstOrDefault() ?? Resolved;

    public bool OnSystemicSteroidsOn(DateOnly date) =>
        IraeCatalogue.Management(Plan.Kind, Plan.MaxGrade).Management is IraeManagement.Steroids or IraeManagement.OtherImmunosuppression
        && Plan.Kind != IraeKind.Rash
        && date >= Onset && date.DayNumber - Onset.DayNumber <= 42;
}

/// <summary>The CTCAE term, category and grade-appropriate management of each irAE (ASCO 2021 irAE guideline wording).</summary>
internal static class IraeCatalogue
{
    public static (IraeCategory Category, string Term) Describe(IraeKind kind) => kind switch
    {
        IraeKind.Hepatitis => (IraeCategory.Hepatitis, "Alanine aminotransferase increased"),
        IraeKind.Colitis => (IraeCategory.Colitis, "Colitis"),
        IraeKind.Pneumonitis => (IraeCategory.Pneumonitis, "Pneumonitis"),
        IraeKind.Nephritis => (IraeCategory.Nephritis, "Creatinine increased"),
        IraeKind.Hyperthyroidism => (IraeCategory.Hyperthyroidism, "Hyperthyroidism"),
        IraeKind.Hypothyroidism => (IraeCategory.Hypothyroidism, "Hypothyroidism"),
        IraeKind.Hypophysitis => (IraeCategory.Hypophysitis, "Hypophysitis"),
        IraeKind.Diabetes => (IraeCategory.Diabetes, "Hyperglycemia"),
        IraeKind.Rash => (IraeCategory.Skin, "Rash maculo-papular"),
        IraeKind.Myocarditis => (IraeCategory.Myocarditis, "Myocarditis"),
        IraeKind.Arthritis => (IraeCategory.Arthritis, "Arthritis"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static (IraeManagement Management, string Detail) Management(IraeKind kind, int maxGrade) => (kind, maxGrade) switch
    {
        (IraeKind.Hepatitis, 1) => (IraeManagement.None, "LFTs weekly; treatment continued"),
        (IraeKind.Hepatitis, 2) => (IraeManagement.Steroids, "Treatment held; prednisolone 0.5 mg/kg/day (40 mg) after no improvement in 5 days, weaning over 4 weeks"),
        (IraeKind.Hepatitis, 3) => (IraeManagement.Steroids, "Treatment held; methylprednisolone 1 mg/kg/day IV, then prednisolone 1 mg/kg/day orally weaning over 6 weeks; LFTs twice weekly"),
        (IraeKind.Hepatitis, _) => (IraeManagement.OtherImmunosuppression, "Immunotherapy discontinued; methylprednisolone 2 mg/kg/day IV; mycophenolate mofetil 1 g bd added for steroid-refractory hepatitis"),
        (IraeKind.Colitis, 1) => (IraeManagement.None, "Loperamide and oral fluids; treatment continued"),
        (IraeKind.Colitis, 2) => (IraeManagement.Steroids, "Treatment held; prednisolone 1 mg/kg/day (70 mg), weaning over 6 weeks"),
        (IraeKind.Colitis, 3) => (IraeManagement.Steroids, "Admitted; methylprednisolone 1 mg/kg IV for 3 days, then prednisolone weaning over 6 weeks; flexible sigmoidoscopy confirmed colitis"),
        (IraeKind.Colitis, _) => (IraeManagement.OtherImmunosuppression, "Immunotherapy discontinued; IV methylprednisolone 2 mg/kg; infliximab 5 mg/kg for steroid-refractory colitis"),
        (IraeKind.Pneumonitis, 1) => (IraeManagement.None, "Repeat CT chest in 3 weeks; treatment continued with close monitoring"),
        (IraeKind.Pneumonitis, 2) => (IraeManagement.Steroids, "Treatment held; prednisolone 1 mg/kg/day (65 mg), weaning over 6 weeks; co-trimoxazole prophylaxis"),
        (IraeKind.Pneumonitis, _) => (IraeManagement.Steroids, "Immunotherapy discontinued; admitted, IV methylprednisolone 2 mg/kg/day, weaning over 8 weeks"),
        (IraeKind.Nephritis, 1) => (IraeManagement.None, "Nephrotoxic drugs reviewed; creatinine weekly"),
        (IraeKind.Nephritis, 2) => (IraeManagement.Steroids, "Treatment held; prednisolone 0.5–1 mg/kg/day (60 mg), weaning over 4 weeks; NSAIDs stopped"),
        (IraeKind.Nephritis, _) => (IraeManagement.Steroids, "Treatment held; prednisolone 1 mg/kg/day; renal team review, biopsy considered"),
        (IraeKind.Hyperthyroidism, _) => (IraeManagement.None, "Propranolol 10 mg tds for palpitations; painless thyroiditis expected to pass into hypothyroidism"),
        (IraeKind.Hypothyroidism, 1) => (IraeManagement.None, "Observation; TSH and free T4 every cycle"),
        (IraeKind.Hypothyroidism, _) => (IraeManagement.HormoneReplacement, "Levothyroxine 75 micrograms daily, titrated to TSH; treatment continued"),
        (IraeKind.Hypophysitis, _) => (IraeManagement.HormoneReplacement, "Hydrocortisone 10/5/5 mg daily, then levothyroxine 50 micrograms; steroid card and sick-day rules"),
        (IraeKind.Diabetes, _) => (IraeManagement.HormoneReplacement, "Basal-bolus insulin (glargine + aspart); diabetes specialist nurse; ketoacidosis excluded"),
        (IraeKind.Rash, 1) => (IraeManagement.None, "Emollients and topical hydrocortisone 1%"),
        (IraeKind.Rash, 2) => (IraeManagement.Steroids, "Topical betamethasone valerate 0.1% and oral cetirizine"),
        (IraeKind.Rash, _) => (IraeManagement.Steroids, "Treatment held; prednisolone 0.5 mg/kg/day weaning over 4 weeks; dermatology review"),
        (IraeKind.Myocarditis, _) => (IraeManagement.Steroids, "Immunotherapy permanently discontinued; coronary care, methylprednisolone 1 g IV daily for 3 days then prednisolone 1 mg/kg/day; troponin-guided wean"),
        (IraeKind.Arthritis, 1) => (IraeManagement.None, "Naproxen 500 mg bd with omeprazole"),
        (IraeKind.Arthritis, _) => (IraeManagement.Steroids, "Prednisolone 20 mg daily, weaning over 4 weeks; rheumatology referral"),
        _ => (IraeManagement.None, ""),
    };

    /// <summary>The reason written on a deferred cycle while the irAE holds treatment.</summary>
    public static string DeferralReason(IraeKind kind, int grade) =>
        $"Held for grade {grade} {Describe(kind).Category switch
        {
            IraeCategory.Hepatitis => "immune-mediated hepatitis",
            IraeCategory.Colitis => "colitis",
            IraeCategory.Pneumonitis => "pneumonitis",
            IraeCategory.Nephritis => "nephritis (creatinine rise)",
            IraeCategory.Skin => "rash",
            IraeCategory.Hypophysitis => "hypophysitis (awaiting stable hydrocortisone replacement)",
            IraeCategory.Diabetes => "new immune-mediated diabetes (glucose control)",
            var c => c.ToString().ToLowerInvariant(),
        }}: restart when grade ≤1";

    /// <summary>A plausible grade path for a synthetic irAE of the given peak grade.</summary>
    public static IraePlan Random(Random rng, IraeKind kind, int onsetDay, int peak)
    {
        var grades = new List<(int Day, int Grade)> { (0, peak) };
        var day = 0;
        for (var g = peak - 1; g >= 1; g--)
        {
            day += rng.Next(5, 15);
            grades.Add((day, g));
        }

        var chronic = kind is IraeKind.Hypothyroidism or IraeKind.Diabetes or IraeKind.Hypophysitis;
        int? resolved = chronic ? null : day + rng.Next(10, 30);
        var effect = kind switch
        {
            IraeKind.Myocarditis => TreatmentEffect.Stop,
            IraeKind.Pneumonitis when peak >= 3 => TreatmentEffect.Stop,
            IraeKind.Hypothyroidism or IraeKind.Hyperthyroidism => TreatmentEffect.None,
            _ when peak >= 4 => TreatmentEffect.Stop,
            _ when peak >= 2 => TreatmentEffect.Hold,
            _ => TreatmentEffect.None,
        };
        return new IraePlan(kind, onsetDay, grades, resolved, effect);
    }
}
