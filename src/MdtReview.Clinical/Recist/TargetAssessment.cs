namespace MdtReview.Clinical.Recist;

/// <summary>The target-lesion figures of one scan, computed once and shared by the RECIST 1.1 and iRECIST passes.</summary>
internal sealed class ScanFigures
{
    public ScanFigures(int index, int day, int elapsedDays, TumourAssessment assessment, IReadOnlyList<TargetLesion> targets)
    {
        Index = index;
        Day = day;
        ElapsedDays = elapsedDays;
        Assessment = assessment;

        var missing = new List<string>();
        var reappeared = new List<string>();
        var sum = 0m;
        var nonNodalGone = true;
        var nodesNormal = true;
        // Ordered by id so that the order lesions are listed in never changes a basis line.
        foreach (var target in targets.OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            var value = assessment.TargetMeasurements.TryGetValue(target.Id, out var m) ? m.ValueForSumMm : null;
            if (value is null)
            {
                missing.Add(target.Id);
                continue;
            }

            sum += value.Value;
            if (target.IsLymphNode)
            {
                // RECIST 1.1 §4.3.1: nodal targets keep their real short axis; CR needs each below 10 mm.
                nodesNormal &= value.Value < RecistRules.NormalNodeBelowMm;
            }
            else if (value.Value > 0)
            {
                // "Too small to measure" counts as 5 mm, so such a lesion is still present.
                nonNodalGone = false;
                reappeared.Add(target.Id);
            }
        }

        HasTargets = targets.Count > 0;
        SumMm = HasTargets ? sum : null;
        MissingTargets = missing;
        Complete = missing.Count == 0;
        AllTargetsNormalised = HasTargets && Complete && nonNodalGone && nodesNormal;
        NonNodalPresent = reappeared;
    }

    public int Index { get; }

    /// <summary>The day reported back (the day given, or days since baseline).</summary>
    public int Day { get; }

    /// <summary>Days since the baseline scan, used for every interval.</summary>
    public int ElapsedDays { get; }

    public TumourAssessment Assessment { get; }

    public bool HasTargets { get; }

    /// <summary>Sum of the assessed target lesions (all of them when <see cref="Complete"/>).</summary>
    public decimal? SumMm { get; }

    public IReadOnlyList<string> MissingTargets { get; }

    public bool Complete { get; }

    /// <summary>RECIST 1.1 §4.3.1 target CR: every non-nodal target gone and every nodal target under 10 mm.</summary>
    public bool AllTargetsNormalised { get; }

    /// <summary>Non-nodal targets measuring more than 0 mm (used for "reappearance after CR").</summary>
    public IReadOnlyList<string> NonNodalPresent { get; }
}

/// <summary>Target response with its figures and a basis phrase.</summary>
internal sealed record TargetOutcome(
    TargetResponse Response,
    string Basis,
    decimal? ChangeFromBaselinePercent,
    decimal? ChangeFromNadirPercent,
    decimal? ChangeFromNadirMm);

internal static class TargetAssessment
{
    /// <summary>
    /// Target response at one scan under RECIST 1.1 (Eisenhauer 2009 §4.3.1–4.3.2, §4.4.2), shared by iRECIST, which
    /// keeps the RECIST 1.1 measurement rules and thresholds (Seymour 2017).
    /// </summary>
    /// <param name="scan">The scan.</param>
    /// <param name="baselineSumMm">Baseline sum.</param>
    /// <param name="nadirMm">Smallest complete sum before this scan, baseline included.</param>
    /// <param name="previousWasCompleteResponse">The previous assessment's overall response was (i)CR.</param>
    /// <param name="responseToHold">A PR or CR was reached earlier and no target PD has happened since.</param>
    public static TargetOutcome Evaluate(
        ScanFigures scan,
        decimal baselineSumMm,
        decimal nadirMm,
        bool previousWasCompleteResponse,
        bool responseToHold)
    {
        var sum = scan.SumMm!.Value;
        var fromBaseline = baselineSumMm == 0 ? (decimal?)null : (sum - baselineSumMm) / baselineSumMm * 100m;
        var fromNadirMm = sum - nadirMm;
        var fromNadirPercent = nadirMm == 0 ? (decimal?)null : fromNadirMm / nadirMm * 100m;
        var assessedSum = scan.Complete
            ? $"sum {ResponseText.Mm(sum)}"
            : $"sum of the assessed target lesions {ResponseText.Mm(sum)} ({string.Join(", ", scan.MissingTargets)} not assessed)";
        TargetOutcome Outcome(TargetResponse response, string basis) =>
            new(response, basis, fromBaseline, fromNadirPercent, fromNadirMm);

        // RECIST 1.1 §4.3.1 (lesions that disappear and reappear) and the EORTC RECIST FAQ "Does a new lesion always
        // result in PD?": once overall CR was assigned at the previous assessment, any reappearing lesion is PD.
        // Nodal targets are left to the sum rule: at CR they are still present (<10 mm), not "disappeared".
        if (previousWasCompleteResponse && scan.NonNodalPresent.Count > 0)
        {
            return Outcome(TargetResponse.PD,
                $"{string.Join(", ", scan.NonNodalPresent)} reappeared after a complete response at the previous assessment ({assessedSum})");
        }

        // CR is checked before the sum rule: when every non-nodal target has gone and every node is back under 10 mm
        // the disease is in CR by definition, even if normal-sized nodes move by a few millimetres (RECIST 1.1 §4.3.1).
        if (scan.AllTargetsNormalised)
        {
            return Outcome(TargetResponse.CR, sum == 0
                ? "all target lesions gone"
                : $"all non-nodal target lesions gone and target nodes under 10 mm short axis (sum {ResponseText.Mm(sum)})");
        }

        // RECIST 1.1 §4.3.1 PD: ≥20% and ≥5 mm over the nadir. §4.4.2: when some targets were not assessed the time
        // point is NE, unless the assessed lesions alone already meet PD.
        if (RecistRules.MeetsProgression(sum, nadirMm))
        {
            var percent = fromNadirPercent is null ? string.Empty : ResponseText.SignedPercent(fromNadirPercent.Value) + " and ";
            return Outcome(TargetResponse.PD,
                $"{assessedSum}, {percent}{ResponseText.SignedMm(fromNadirMm)} over nadir {ResponseText.Mm(nadirMm)}");
        }

        if (!scan.Complete)
        {
            return Outcome(TargetResponse.NE,
                $"{string.Join(", ", scan.MissingTargets)} not assessed; the assessed target lesions ({ResponseText.Mm(sum)}) do not show progression");
        }

        var vsBaseline = $"sum {ResponseText.Mm(sum)}, {ResponseText.SignedPercent(fromBaseline ?? 0)} from baseline {ResponseText.Mm(baselineSumMm)}";

        // RECIST 1.1 §4.3.1 PR: ≥30% decrease from the baseline sum.
        if (RecistRules.MeetsPartialResponse(sum, baselineSumMm))
        {
            return Outcome(TargetResponse.PR, vsBaseline);
        }

        // Ambiguity (clinical-rules.md §7 item 4): a literal reading of RECIST 1.1 table 1 calls a sum that drifts back
        // above −30% SD; the RECIST working group FAQ "Managing PR when TP measurements change slightly over time"
        // (recist.eortc.org) keeps it PR until PD is met, and says the same holds for iRECIST. We follow the FAQ and say so.
        if (responseToHold)
        {
            return Outcome(TargetResponse.PR,
                $"{vsBaseline}; partial response continues while there is no progression over nadir {ResponseText.Mm(nadirMm)} (RECIST working group FAQ)");
        }

        var vsNadir = fromNadirPercent is null
            ? $"{ResponseText.SignedMm(fromNadirMm)} from nadir {ResponseText.Mm(nadirMm)}"
            : $"{ResponseText.SignedPercent(fromNadirPercent.Value)} ({ResponseText.SignedMm(fromNadirMm)}) from nadir {ResponseText.Mm(nadirMm)}";
        return Outcome(TargetResponse.SD, nadirMm < baselineSumMm ? $"{vsBaseline}, {vsNadir}" : vsBaseline);
    }
}
