using System.Text.Json;
using System.Text.Json.Serialization;
using MdtReview.Clinical.Ctcae;
using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Clinical.Irae;
using MdtReview.Clinical.Recist;
using MdtReview.Data.Model;

namespace MdtReview.Data.Evidence;

/// <summary>The latest result of one lab test with its CTCAE grade (computed by the clinical library, never stored).</summary>
public sealed record LabEvidence(
    string TestCode, decimal Value, string Unit, decimal? Lln, decimal? Uln, DateOnly CollectedOn,
    int? Grade, string? Term, string Basis, IReadOnlyList<int> PossibleGrades, string? Error);

/// <summary>An active irAE with its grade on the day and the action the rules library recommends.</summary>
public sealed record IraeEvidence(
    IraeCategory Category, string Term, int Grade, DateOnly Onset, IraeManagement Management,
    IraeAction? RecommendedAction, IReadOnlyList<IraeAction> AllowedActions, string? Basis, string? Source);

/// <summary>One follow-up scan's RECIST 1.1 and iRECIST response.</summary>
public sealed record ResponseEvidence(
    DateOnly ScanDate, string Recist11, string Irecist, decimal? TargetSumMm, decimal? ChangeFromBaselinePercent,
    decimal? ChangeFromNadirPercent, bool NewLesions, string Basis);

/// <summary>The treatment course the decision is about.</summary>
public sealed record TreatmentEvidence(
    int CourseId, string Regimen, string Drugs, int LineOfTherapy, int IntervalDays, DateOnly StartDate,
    TreatmentStatus Status, TreatmentState State, int? LastCycle, DateOnly? LastCycleDate);

public sealed record EcogEvidence(int Score, DateOnly AssessedOn);

/// <summary>A previous final decision (the latest version of each).</summary>
public sealed record PreviousDecisionEvidence(int DecisionId, DateOnly FinalisedOn, DecisionOutcome Outcome, int VersionNumber, string Rationale);

/// <summary>
/// The evidence an MDT sees for one patient on one day, computed by the clinical library: the latest lab of each test with
/// its CTCAE v5.0 grade, the active irAEs with their grade and recommended action (ASCO 2021 via <see cref="IraeGuidance"/>),
/// the RECIST 1.1 / iRECIST response history, the treatment state and cycle, the ECOG and previous final decisions.
/// Meeting mode displays it; serialised with <see cref="RulesVersion"/> it is the evidence snapshot a final decision keeps.
/// </summary>
public sealed record CaseEvidence
{
    private static readonly JsonSerializerOptions _json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    public required DateOnly AsOf { get; init; }
    public string RulesVersion { get; init; } = Clinical.RulesVersion.Current;
    public TreatmentEvidence? Treatment { get; init; }
    public EcogEvidence? Ecog { get; init; }
    public IReadOnlyList<LabEvidence> Labs { get; init; } = [];
    public IReadOnlyList<IraeEvidence> Iraes { get; init; } = [];
    public IReadOnlyList<ResponseEvidence> Responses { get; init; } = [];

    /// <summary>Clinical stability recorded with the latest scan (the iRECIST condition for treatment beyond iUPD).</summary>
    public bool? ClinicallyStable { get; init; }
    public IReadOnlyList<PreviousDecisionEvidence> PreviousDecisions { get; init; } = [];

    /// <summary>Why the scan series could not be evaluated, when it could not.</summary>
    public IReadOnlyList<string> ResponseErrors { get; init; } = [];

    /// <summary>The lab grades as the guideline check takes them; not part of the snapshot (its figures are in <see cref="Labs"/>).</summary>
    [JsonIgnore]
    public IReadOnlyList<LabGrade> LabGrades { get; init; } = [];

    /// <summary>The irAEs as the guideline check takes them, with the facts the organ rules use.</summary>
    [JsonIgnore]
    public IReadOnlyList<ActiveIrae> ActiveIraes { get; init; } = [];

    public ResponseEvidence? LatestResponse => Responses.Count > 0 ? Responses[^1] : null;

    /// <summary>The evidence snapshot: deterministic JSON (camelCase, enums as names) including the rules version.</summary>
    public string ToSnapshotJson() => JsonSerializer.Serialize(this, _json);

    /// <summary>Reads a snapshot written by <see cref="ToSnapshotJson"/>; null when it is missing or not in this shape.</summary>
    public static CaseEvidence? FromSnapshotJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<CaseEvidence>(json, _json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The clinical library's view of this evidence, for <see cref="GuidelineChecker.Check"/>.</summary>
    public DecisionEvidence ToDecisionEvidence()
    {
        var latest = Responses.Count > 0 ? Responses[^1] : null;
        return new DecisionEvidence
        {
            LatestLabGrades = LabGrades,
            ActiveIraes = ActiveIraes,
            LatestRecist = latest is not null && ResponseText.TryParseRecist11(latest.Recist11, out var r) ? r : null,
            LatestIrecist = latest is not null && ResponseText.TryParseIrecist(latest.Irecist, out var ir) ? ir : null,
            ClinicallyStable = ClinicallyStable,
            TreatmentState = Treatment?.State ?? TreatmentState.NotStarted,
        };
    }

    /// <summary>The guideline check of <paramref name="outcome"/> against this evidence.</summary>
    public IReadOnlyList<GuidelineFinding> Check(DecisionOutcome outcome) => GuidelineChecker.Check(ToDecisionEvidence(), outcome);

    /// <summary>
    /// Builds the evidence for <paramref name="patient"/> as it stood on <paramref name="asOf"/>. The patient must be loaded
    /// with its lab results, adverse events (with grade history), scans (with lesions), treatment courses (with infusions)
    /// and ECOG assessments; <paramref name="previousDecisions"/> are the patient's decisions (drafts and superseded
    /// versions are left out here).
    /// </summary>
    public static CaseEvidence Build(Patient patient, DateOnly asOf, IEnumerable<Decision>? previousDecisions = null)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var course = patient.TreatmentCourses.Where(c => c.StartDate <= asOf).OrderBy(c => c.StartDate).ThenBy(c => c.Id).LastOrDefault();
        var treatment = course is null ? null : TreatmentOf(course, asOf);

        var current = patient.LabResults.Where(l => l.SupersededById is null && DateOnly.FromDateTime(l.CollectedAt) <= asOf).ToList();
        var baselines = course is null ? new Dictionary<string, LabResult>() : LabGrading.BaselineOf(current, course.StartDate);
        var latestLabs = current
            .Where(l => LabTestCatalogue.FindByCode(l.TestCode) is not null)
            .GroupBy(l => l.TestCode, StringComparer.Ordinal)
            .Select(g => g.OrderBy(l => l.CollectedAt).ThenBy(l => l.Id).Last())
            .OrderBy(l => l.TestCode, StringComparer.Ordinal)
            .ToList();
        var grades = latestLabs.Select(l => LabGrading.Grade(l, baselines.GetValueOrDefault(l.TestCode))).ToList();
        var labs = latestLabs.Zip(grades, (l, g) => new LabEvidence(
            l.TestCode, l.Value, l.Unit, l.Lln, l.Uln, DateOnly.FromDateTime(l.CollectedAt), g.Grade, g.TermName, g.Basis, g.PossibleGrades, g.Error)).ToList();

        var altTimesUln = latestLabs.FirstOrDefault(l => l.TestCode == "ALT") is { Uln: > 0 } alt ? decimal.Round(alt.Value / alt.Uln.Value, 2) : (decimal?)null;
        var antiCtla4 = course is null ? (bool?)null
            : course.Drugs.Contains("ipilimumab", StringComparison.OrdinalIgnoreCase) || course.Drugs.Contains("tremelimumab", StringComparison.OrdinalIgnoreCase);

        var iraes = new List<IraeEvidence>();
        var active = new List<ActiveIrae>();
        foreach (var ae in patient.AdverseEvents.Where(a => a.OnsetDate <= asOf && (a.ResolvedDate is null || a.ResolvedDate > asOf))
                     .OrderBy(a => a.OnsetDate).ThenBy(a => a.Category).ThenBy(a => a.Id))
        {
            var grade = ae.GradeHistory.Count == 0
                ? ae.CurrentGrade
                : ae.GradeHistory.Where(g => g.EffectiveDate <= asOf).OrderBy(g => g.EffectiveDate).ThenBy(g => g.Id).Select(g => g.Grade).LastOrDefault();
            if (grade < 1)
            {
                continue;
            }

            // Grade 5 (death) has no treatment action; the guideline rules are defined for grades 1–4 only.
            if (grade > 4)
            {
                iraes.Add(new IraeEvidence(ae.Category, ae.CtcaeTerm, grade, ae.OnsetDate, ae.Management, null, [], null, null));
                continue;
            }

            var context = new IraeContext
            {
                AltTimesUln = ae.Category == IraeCategory.Hepatitis ? altTimesUln : null,
                OnHormoneReplacement = ae.Management == IraeManagement.HormoneReplacement ? true : null,
                AntiCtla4 = ae.Category == IraeCategory.Colitis ? antiCtla4 : null,
            };
            var rec = IraeGuidance.Recommend(ae.Category, grade, context);
            iraes.Add(new IraeEvidence(ae.Category, ae.CtcaeTerm, grade, ae.OnsetDate, ae.Management, rec.Action, rec.AllowedActions, rec.Basis, rec.Source));
            active.Add(new ActiveIrae(ae.Category, grade, context));
        }

        var responses = new List<ResponseEvidence>();
        IReadOnlyList<string> responseErrors = [];
        bool? clinicallyStable = null;
        var series = RecistSeries.From(patient.Scans, asOf);
        if (series is not null && series.Assessments.Count > 1)
        {
            var evaluation = RecistEvaluator.Evaluate(series);
            responseErrors = evaluation.Errors;
            responses.AddRange(evaluation.Timepoints.Select(t => new ResponseEvidence(
                t.Date ?? asOf, ResponseText.Code(t.Recist11), ResponseText.Code(t.Irecist), t.TargetSumMm,
                t.ChangeFromBaselinePercent is decimal b ? decimal.Round(b, 1) : null,
                t.ChangeFromNadirPercent is decimal n ? decimal.Round(n, 1) : null,
                t.NewLesionsPresent, t.IrecistBasis)));
            clinicallyStable = series.Assessments[^1].ClinicallyStable;
        }

        var ecog = patient.EcogAssessments.Where(e => e.AssessedOn <= asOf).OrderBy(e => e.AssessedOn).ThenBy(e => e.Id).LastOrDefault();

        var decisions = (previousDecisions ?? patient.Decisions).ToList();
        var previous = decisions
            .Where(d => d.Status == DecisionStatus.Final && d.FinalisedAt is not null && DateOnly.FromDateTime(d.FinalisedAt.Value) <= asOf
                && !decisions.Any(n => n.SupersedesId == d.Id && n.Status == DecisionStatus.Final))
            .OrderBy(d => d.FinalisedAt).ThenBy(d => d.Id)
            .Select(d => new PreviousDecisionEvidence(d.Id, DateOnly.FromDateTime(d.FinalisedAt!.Value), d.Outcome, d.VersionNumber, d.Rationale))
            .ToList();

        return new CaseEvidence
        {
            AsOf = asOf,
            Treatment = treatment,
            Ecog = ecog is null ? null : new EcogEvidence(ecog.Score, ecog.AssessedOn),
            Labs = labs,
            LabGrades = grades,
            Iraes = iraes,
            ActiveIraes = active,
            Responses = responses,
            ResponseErrors = responseErrors,
            ClinicallyStable = clinicallyStable,
            PreviousDecisions = previous,
        };
    }

    private static TreatmentEvidence TreatmentOf(TreatmentCourse course, DateOnly asOf)
    {
        var infusions = course.Infusions.Where(i => i.Date <= asOf).OrderBy(i => i.Date).ThenBy(i => i.CycleNumber).ToList();
        var lastGiven = infusions.LastOrDefault(i => i.Status == InfusionStatus.Given);
        var ended = course.EndDate is { } end && end <= asOf;
        var status = ended || course.EndDate is null ? course.Status : TreatmentStatus.Active;
        var state = status switch
        {
            TreatmentStatus.Stopped or TreatmentStatus.Completed => TreatmentState.PermanentlyDiscontinued,
            TreatmentStatus.Paused => TreatmentState.Held,
            _ when infusions.LastOrDefault()?.Status == InfusionStatus.Deferred => TreatmentState.Held,
            _ => TreatmentState.OnTreatment,
        };
        return new TreatmentEvidence(course.Id, course.Regimen, course.Drugs, course.LineOfTherapy, course.IntervalDays, course.StartDate,
            status, state, lastGiven?.CycleNumber, lastGiven?.Date);
    }
}
