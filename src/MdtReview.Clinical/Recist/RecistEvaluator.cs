namespace MdtReview.Clinical.Recist;

/// <summary>
/// Evaluates a scan series under RECIST 1.1 (Eisenhauer et al., Eur J Cancer 2009;45:228-247) and iRECIST
/// (Seymour et al., Lancet Oncol 2017;18:e143-e152): one response per follow-up scan, each with a one-line basis.
/// Pure and deterministic: the same series always gives the same responses, whatever order lesions are listed in.
/// </summary>
public static class RecistEvaluator
{
    /// <summary>Checks the baseline target selection of a series (see <see cref="BaselineValidation.Validate"/>).</summary>
    /// <param name="series">The series; its first scan is the baseline.</param>
    public static IReadOnlyList<BaselineProblem> ValidateBaseline(TumourSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return series.Assessments.Count == 0
            ? [new(BaselineProblemKind.NotMeasured, null, "The series has no baseline scan.")]
            : BaselineValidation.Validate(series.Targets, series.Assessments[0].TargetMeasurements);
    }

    /// <summary>
    /// Checks a baseline target selection: ≤5 targets, ≤2 per organ (lymph nodes count as one organ), non-nodal targets
    /// ≥10 mm, nodal targets ≥15 mm short axis (RECIST 1.1 §3.1, §4.2). Empty when the selection is valid.
    /// </summary>
    /// <param name="targets">The chosen target lesions.</param>
    /// <param name="baselineMeasurements">Their baseline measurements by lesion id.</param>
    public static IReadOnlyList<BaselineProblem> ValidateBaseline(
        IReadOnlyList<TargetLesion> targets,
        IReadOnlyDictionary<string, TargetMeasurement> baselineMeasurements) =>
        BaselineValidation.Validate(targets, baselineMeasurements);

    /// <summary>
    /// Evaluates every follow-up scan of the series. When the series cannot be evaluated (scans out of order, a target
    /// lesion not measured at baseline, …) the result has <see cref="TumourResponseEvaluation.Errors"/> and no time points.
    /// </summary>
    /// <param name="series">Target lesions and scans, baseline first.</param>
    public static TumourResponseEvaluation Evaluate(TumourSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var errors = SeriesValidation.Check(series);
        if (errors.Count > 0)
        {
            return new([], errors, []);
        }

        var scans = SeriesValidation.Figures(series);
        var baselineProblems = BaselineValidation.Validate(series.Targets, series.Assessments[0].TargetMeasurements)
            .Where(p => p.Kind != BaselineProblemKind.DuplicateId)
            .ToList();
        var recist = EvaluateRecist11(scans);
        var irecist = new IrecistTracker(scans).Run();

        var timepoints = new List<TimepointResponse>(scans.Count - 1);
        for (var i = 1; i < scans.Count; i++)
        {
            var r = recist[i - 1];
            var ir = irecist[i - 1];
            timepoints.Add(new TimepointResponse
            {
                Day = scans[i].Day,
                Date = scans[i].Assessment.Date,
                Recist11 = r.Overall,
                Irecist = ir.Response,
                TreatmentMayContinue = ir.TreatmentMayContinue,
                Basis = r.Basis,
                IrecistBasis = ir.Basis,
                TargetResponse = r.Target?.Response,
                NonTargetResponse = r.NonTarget,
                NewLesionsPresent = scans[i].Assessment.NewLesions.Count > 0,
                TargetSumMm = scans[i].SumMm,
                AllTargetsAssessed = scans[i].Complete,
                BaselineSumMm = scans[0].SumMm,
                NadirMm = r.NadirMm,
                ChangeFromBaselinePercent = r.Target?.ChangeFromBaselinePercent,
                ChangeFromNadirPercent = r.Target?.ChangeFromNadirPercent,
                ChangeFromNadirMm = r.Target?.ChangeFromNadirMm,
                NewLesionTargetSumMm = ir.NewLesionTargetSumMm,
                ConfirmationWindowFirstDay = ir.ConfirmationWindowFirstDay,
                ConfirmationWindowLastDay = ir.ConfirmationWindowLastDay,
                Warnings = ir.Warnings,
            });
        }

        return new(timepoints, [], baselineProblems);
    }

    private sealed record Recist11Outcome(
        Recist11Response Overall,
        TargetOutcome? Target,
        NonTargetResponse NonTarget,
        decimal? NadirMm,
        string Basis);

    private static List<Recist11Outcome> EvaluateRecist11(List<ScanFigures> scans)
    {
        var results = new List<Recist11Outcome>();
        var baseline = scans[0];
        var nadir = baseline.SumMm;
        var previousOverall = (Recist11Response?)null;
        var responseToHold = false;

        foreach (var scan in scans.Skip(1))
        {
            TargetOutcome? target = null;
            if (scan.HasTargets)
            {
                target = TargetAssessment.Evaluate(scan, baseline.SumMm!.Value, nadir!.Value,
                    previousOverall == Recist11Response.CR, responseToHold);
            }

            var nonTarget = RecistRules.NonTargetResponseOf(scan.Assessment.NonTarget);
            var newLesions = scan.Assessment.NewLesions.Count > 0;
            var overall = RecistRules.OverallResponse(target?.Response, nonTarget, newLesions);
            var basis = Describe(target, nonTarget, scan.Assessment.NewLesions, scan.HasTargets);
            results.Add(new(overall, target, nonTarget, nadir, basis));

            // RECIST 1.1 §4.3.1: the nadir is the smallest sum on study, baseline included. Only complete sums count:
            // a sum with a lesion missing is not a measurement of the whole target disease.
            if (scan.Complete && scan.SumMm is { } sum && sum < nadir)
            {
                nadir = sum;
            }

            responseToHold = target?.Response switch
            {
                TargetResponse.PR or TargetResponse.CR => true,
                TargetResponse.PD => false,
                _ => responseToHold,
            };
            previousOverall = overall;
        }

        return results;
    }

    /// <summary>The RECIST 1.1 basis line: target figures, then non-target and new-lesion findings that matter.</summary>
    internal static string Describe(TargetOutcome? target, NonTargetResponse nonTarget, IReadOnlyList<NewLesion> newLesions, bool hasTargets)
    {
        var parts = new List<string>();
        if (target is not null)
        {
            parts.Add(target.Basis);
        }

        var describeNonTarget = !hasTargets
            || nonTarget is NonTargetResponse.PD or NonTargetResponse.NE
            || (target?.Response == TargetResponse.CR && nonTarget == NonTargetResponse.NonCRNonPD);
        if (describeNonTarget)
        {
            parts.Add(nonTarget switch
            {
                NonTargetResponse.PD => "unequivocal progression of non-target disease",
                NonTargetResponse.NE => "non-target disease not evaluated",
                NonTargetResponse.CR => "non-target disease gone",
                _ => "non-target disease persists",
            });
        }

        if (newLesions.Count > 0)
        {
            parts.Add((newLesions.Count == 1 ? "new lesion " : "new lesions ")
                + string.Join(", ", newLesions.OrderBy(l => l.Id, StringComparer.Ordinal).Select(l => $"{l.Id} ({l.Organ})")));
        }

        return string.Join("; ", parts);
    }
}
