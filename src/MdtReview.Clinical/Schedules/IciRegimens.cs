namespace MdtReview.Clinical.Schedules;

/// <summary>A usual checkpoint-inhibitor schedule.</summary>
/// <param name="Drug">Generic name.</param>
/// <param name="Dose">Dose as usually written.</param>
/// <param name="IntervalDays">Days between infusions.</param>
/// <param name="Source">Where the schedule comes from.</param>
public sealed record IciRegimen(string Drug, string Dose, int IntervalDays, string Source);

/// <summary>Typical ICI schedules (clinical-rules.md §5, sources S12), for picking an interval; the prescription rules.</summary>
public static class IciRegimens
{
    /// <summary>The usual schedules.</summary>
    public static IReadOnlyList<IciRegimen> Common { get; } =
    [
        new("Pembrolizumab", "200 mg IV", 21, "drugs.com pembrolizumab dosing; NICE TA428"),
        new("Pembrolizumab", "400 mg IV", 42, "drugs.com pembrolizumab dosing"),
        new("Nivolumab", "240 mg IV", 14, "J Hematol Oncol 2021 Table 1"),
        new("Nivolumab", "480 mg IV", 28, "J Hematol Oncol 2021 Table 1"),
        new("Nivolumab", "360 mg IV (with ipilimumab, NSCLC)", 21, "J Hematol Oncol 2021 Table 1"),
        new("Ipilimumab + nivolumab", "induction, ×4", 21, "J Hematol Oncol 2021 Table 1"),
        new("Atezolizumab", "1200 mg IV", 21, "drugs.com atezolizumab dosing"),
        new("Atezolizumab", "840 mg IV", 14, "drugs.com atezolizumab dosing"),
        new("Atezolizumab", "1680 mg IV", 28, "drugs.com atezolizumab dosing"),
        new("Durvalumab", "10 mg/kg IV", 14, "drugs.com durvalumab dosing"),
        new("Durvalumab", "1500 mg IV", 28, "drugs.com durvalumab dosing"),
        new("Cemiplimab", "350 mg IV", 21, "drugapp.ca cemiplimab quick reference"),
    ];
}
