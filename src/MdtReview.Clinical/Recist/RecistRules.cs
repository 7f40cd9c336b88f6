namespace MdtReview.Clinical.Recist;

/// <summary>
/// The RECIST 1.1 thresholds and response tables as small pure functions, so each can be read beside its source and
/// tested on its own. Source: Eisenhauer EA et al., New response evaluation criteria in solid tumours: revised RECIST
/// guideline (version 1.1), Eur J Cancer 2009;45:228-247.
/// </summary>
public static class RecistRules
{
    /// <summary>RECIST 1.1 §4.3.1: PR is a decrease of at least 30%, i.e. a sum at most 70% of the baseline sum.</summary>
    public const decimal PartialResponseMaxFractionOfBaseline = 0.70m;

    /// <summary>RECIST 1.1 §4.3.1: PD needs a relative increase of at least 20% over the nadir…</summary>
    public const decimal ProgressionMinFractionOverNadir = 0.20m;

    /// <summary>…and an absolute increase of at least 5 mm over the nadir (RECIST 1.1 §4.3.1).</summary>
    public const decimal ProgressionMinAbsoluteMm = 5m;

    /// <summary>RECIST 1.1 §4.3.1: a lymph node under 10 mm short axis is normal, so nodal targets at CR may still measure up to 9.9 mm.</summary>
    public const decimal NormalNodeBelowMm = 10m;

    /// <summary>
    /// PR by the sum: at least 30% below baseline. Computed as sum ≤ 0.70 × baseline in exact decimal arithmetic, so
    /// 9.8 mm against 14 mm (exactly −30%) is PR and 9.9 mm is not.
    /// </summary>
    /// <param name="sumMm">Current sum of diameters.</param>
    /// <param name="baselineSumMm">Baseline sum of diameters.</param>
    public static bool MeetsPartialResponse(decimal sumMm, decimal baselineSumMm) =>
        baselineSumMm > 0 && sumMm <= PartialResponseMaxFractionOfBaseline * baselineSumMm;

    /// <summary>
    /// PD by the sum: an increase over the nadir of at least 20% <em>and</em> at least 5 mm (RECIST 1.1 §4.3.1), in exact
    /// decimal arithmetic: 27 → 32.4 mm (+20%, +5.4 mm) and 3.2 → 8.2 mm (+5.0 mm) are PD; 20 → 24.9 mm is not.
    /// </summary>
    /// <param name="sumMm">Current sum of diameters.</param>
    /// <param name="nadirMm">Smallest sum on study so far, baseline included.</param>
    public static bool MeetsProgression(decimal sumMm, decimal nadirMm)
    {
        var increase = sumMm - nadirMm;
        return increase >= ProgressionMinAbsoluteMm && increase >= ProgressionMinFractionOverNadir * nadirMm;
    }

    /// <summary>Non-target response from the recorded non-target status (RECIST 1.1 §4.3.4).</summary>
    /// <param name="status">The non-target status on the scan.</param>
    public static NonTargetResponse NonTargetResponseOf(NonTargetStatus status) => status switch
    {
        NonTargetStatus.None => NonTargetResponse.None,
        NonTargetStatus.Present => NonTargetResponse.NonCRNonPD,
        // RECIST 1.1 §4.3.4 also asks for normal tumour markers at non-target CR; markers are not part of the
        // scan record, so "absent" is taken as the radiologist's judgement that the non-target disease has gone.
        NonTargetStatus.Absent => NonTargetResponse.CR,
        NonTargetStatus.UnequivocalProgression => NonTargetResponse.PD,
        _ => NonTargetResponse.NE,
    };

    /// <summary>
    /// Overall time-point response from the target, non-target and new-lesion responses: RECIST 1.1 table 1 (§4.4.1)
    /// when there are target lesions, table 2 when <paramref name="target"/> is null (non-target-only disease).
    /// </summary>
    /// <param name="target">Target response, or null when no target lesions were chosen at baseline.</param>
    /// <param name="nonTarget">Non-target response.</param>
    /// <param name="newLesions">Whether an unequivocal new lesion is present.</param>
    /// <exception cref="ArgumentException">When there is neither target nor non-target disease.</exception>
    public static Recist11Response OverallResponse(TargetResponse? target, NonTargetResponse nonTarget, bool newLesions)
    {
        // Table 1 and table 2, last rows: PD in any category, or any new lesion, is overall PD.
        if (newLesions || target == TargetResponse.PD || nonTarget == NonTargetResponse.PD)
        {
            return Recist11Response.PD;
        }

        if (target is null)
        {
            // Table 2 (non-target-only disease); "non-CR/non-PD" is preferred over SD there.
            return nonTarget switch
            {
                NonTargetResponse.CR => Recist11Response.CR,
                NonTargetResponse.NonCRNonPD => Recist11Response.NonCRNonPD,
                NonTargetResponse.NE => Recist11Response.NE,
                _ => throw new ArgumentException("There is neither target nor non-target disease to assess.", nameof(nonTarget)),
            };
        }

        return target switch
        {
            TargetResponse.CR when nonTarget is NonTargetResponse.CR or NonTargetResponse.None => Recist11Response.CR,
            // Table 1: target CR with non-target non-CR/non-PD or not evaluated is PR.
            TargetResponse.CR => Recist11Response.PR,
            TargetResponse.PR => Recist11Response.PR,
            TargetResponse.SD => Recist11Response.SD,
            _ => Recist11Response.NE,
        };
    }
}
