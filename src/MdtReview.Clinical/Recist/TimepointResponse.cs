namespace MdtReview.Clinical.Recist;

/// <summary>Response of the target lesions alone (RECIST 1.1, Eisenhauer 2009, §4.3.1–4.3.2).</summary>
public enum TargetResponse
{
    /// <summary>All non-nodal targets gone and every nodal target &lt;10 mm short axis.</summary>
    CR,

    /// <summary>Sum at least 30% below the baseline sum.</summary>
    PR,

    /// <summary>Neither PR nor PD.</summary>
    SD,

    /// <summary>Sum at least 20% and at least 5 mm above the nadir (or a lesion reappearing after an overall CR).</summary>
    PD,

    /// <summary>A target lesion was not assessed and the measured ones do not already show PD.</summary>
    NE,
}

/// <summary>Response of the non-target disease (RECIST 1.1 §4.3.4).</summary>
public enum NonTargetResponse
{
    /// <summary>No non-target disease at baseline.</summary>
    None,

    /// <summary>All non-target lesions gone.</summary>
    CR,

    /// <summary>Non-target disease persists without unequivocal progression.</summary>
    NonCRNonPD,

    /// <summary>Unequivocal progression.</summary>
    PD,

    /// <summary>Not evaluated on this scan.</summary>
    NE,
}

/// <summary>The response at one follow-up scan, under RECIST 1.1 and under iRECIST, with the figures behind it.</summary>
public sealed record TimepointResponse
{
    /// <summary>The scan's day: the day number given, or days since the baseline scan when dates were given.</summary>
    public required int Day { get; init; }

    /// <summary>The scan's date when the series used dates.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>RECIST 1.1 overall time-point response.</summary>
    public required Recist11Response Recist11 { get; init; }

    /// <summary>iRECIST overall time-point response.</summary>
    public required IrecistResponse Irecist { get; init; }

    /// <summary>
    /// With iUPD: true only when the patient was recorded as clinically stable (the iRECIST condition for treatment beyond
    /// unconfirmed progression). With iCPD: false. Null for every other iRECIST response.
    /// </summary>
    public bool? TreatmentMayContinue { get; init; }

    /// <summary>One line explaining the RECIST 1.1 response, e.g. "sum 42 mm, −30% from baseline 60 mm".</summary>
    public required string Basis { get; init; }

    /// <summary>One line explaining the iRECIST response (confirmation, reset, clinical stability).</summary>
    public required string IrecistBasis { get; init; }

    /// <summary>Target response (RECIST 1.1); null for non-target-only disease.</summary>
    public TargetResponse? TargetResponse { get; init; }

    /// <summary>Non-target response (RECIST 1.1).</summary>
    public required NonTargetResponse NonTargetResponse { get; init; }

    /// <summary>Whether any new lesion was seen on this scan.</summary>
    public required bool NewLesionsPresent { get; init; }

    /// <summary>Sum of target diameters on this scan (measured lesions only when some were not assessed).</summary>
    public decimal? TargetSumMm { get; init; }

    /// <summary>Whether every target lesion was assessed on this scan.</summary>
    public bool AllTargetsAssessed { get; init; }

    /// <summary>Baseline sum of diameters.</summary>
    public decimal? BaselineSumMm { get; init; }

    /// <summary>Nadir before this scan: the smallest complete sum on study so far, baseline included.</summary>
    public decimal? NadirMm { get; init; }

    /// <summary>Exact percentage change of the sum from baseline (negative = smaller).</summary>
    public decimal? ChangeFromBaselinePercent { get; init; }

    /// <summary>Exact percentage change of the sum from the nadir; null when the nadir is 0 mm.</summary>
    public decimal? ChangeFromNadirPercent { get; init; }

    /// <summary>Absolute change of the sum from the nadir in mm.</summary>
    public decimal? ChangeFromNadirMm { get; init; }

    /// <summary>iRECIST: sum of the new-lesion targets (kept apart from the baseline sum); null when there are none.</summary>
    public decimal? NewLesionTargetSumMm { get; init; }

    /// <summary>With iUPD: first day of the 4–8 week window for the confirmation scan.</summary>
    public int? ConfirmationWindowFirstDay { get; init; }

    /// <summary>With iUPD: last day of the 4–8 week window for the confirmation scan.</summary>
    public int? ConfirmationWindowLastDay { get; init; }

    /// <summary>Things the team should see that do not change the response (e.g. a late confirmation scan).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>The result of evaluating a scan series.</summary>
/// <param name="Timepoints">One response per follow-up scan, in order; empty when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Why the series could not be evaluated, in clinical language; empty when it could.</param>
/// <param name="BaselineProblems">
/// Where the baseline target selection breaks RECIST 1.1 rules. These do not stop the evaluation, but the responses
/// are only as good as the selection.
/// </param>
public sealed record TumourResponseEvaluation(
    IReadOnlyList<TimepointResponse> Timepoints,
    IReadOnlyList<string> Errors,
    IReadOnlyList<BaselineProblem> BaselineProblems)
{
    /// <summary>True when the series could be evaluated.</summary>
    public bool IsValid => Errors.Count == 0;
}
