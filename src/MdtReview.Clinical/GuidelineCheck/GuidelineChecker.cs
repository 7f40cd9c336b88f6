using MdtReview.Clinical.Ctcae;
using MdtReview.Clinical.Irae;
using MdtReview.Clinical.Recist;

namespace MdtReview.Clinical.GuidelineCheck;

/// <summary>
/// Checks a proposed MDT decision against the evidence: active irAEs (ASCO 2021 via <see cref="IraeGuidance"/>),
/// lab grades (CTCAE v5.0), tumour response (RECIST 1.1 / iRECIST) and the treatment state. The decision screens
/// require a deviation reason for every <see cref="FindingSeverity.Must"/> finding the team overrides.
/// </summary>
public static class GuidelineChecker
{
    private const string IrecistSource = "iRECIST (Seymour et al., Lancet Oncol 2017;18:e143), treatment beyond iUPD and confirmation";
    private const string MonitoringSource = "ASCO 2021 / ESMO 2022 monitoring: LFTs, creatinine and glucose before every dose (clinical-rules.md §5)";

    /// <summary>Checks a proposed outcome; findings are ordered must, should, info.</summary>
    /// <param name="evidence">The evidence the decision is based on.</param>
    /// <param name="outcome">The proposed outcome.</param>
    /// <returns>The findings; empty when nothing needs saying.</returns>
    public static IReadOnlyList<GuidelineFinding> Check(DecisionEvidence evidence, DecisionOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var findings = new List<GuidelineFinding>();
        var recommendations = evidence.ActiveIraes.Select(i => IraeGuidance.Recommend(i.Category, i.Grade, i.Context)).ToList();
        CheckIraes(recommendations, evidence, outcome, findings);
        CheckLabs(evidence, outcome, findings);
        CheckResponse(evidence, recommendations, outcome, findings);
        CheckTreatmentState(evidence, outcome, findings);
        return [.. findings.OrderBy(f => f.Severity)];
    }

    private static bool StopsTheInhibitor(DecisionOutcome outcome) =>
        outcome is DecisionOutcome.Stop or DecisionOutcome.SwitchToChemotherapy or DecisionOutcome.SwitchToTargetedTherapy;

    private static void CheckIraes(List<IraeRecommendation> recommendations, DecisionEvidence evidence, DecisionOutcome outcome, List<GuidelineFinding> findings)
    {
        foreach (var rec in recommendations)
        {
            var allowed = rec.AllowedActions;
            var what = $"grade {rec.Grade} {Describe(rec.Category)}";
            switch (outcome)
            {
                case DecisionOutcome.Continue when !allowed.Contains(IraeAction.Continue):
                    findings.Add(new(FindingSeverity.Must, "irae-continue-not-allowed",
                        $"Continuing with active {what}: the guideline says {Say(rec)}. {rec.Basis}.", rec.Source));
                    break;
                case DecisionOutcome.Continue when rec.Action != IraeAction.Continue:
                    findings.Add(new(FindingSeverity.Info, "irae-continue-allowed-alternative",
                        $"Continuing with active {what} is allowed as an alternative; the guideline's first option is to {Say(rec)}. {rec.Basis}.", rec.Source));
                    break;
                case DecisionOutcome.Pause when !allowed.Contains(IraeAction.Hold) && rec.Action == IraeAction.Discontinue:
                    findings.Add(new(FindingSeverity.Must, "irae-discontinue-required",
                        $"Pausing with active {what}: the guideline says permanently discontinue, so treatment should not be resumed. {rec.Basis}.", rec.Source));
                    break;
                case DecisionOutcome.Pause when !allowed.Contains(IraeAction.Hold):
                    findings.Add(new(FindingSeverity.Info, "irae-hold-not-needed",
                        $"Active {what}: the guideline would allow continuing. {rec.Basis}.", rec.Source));
                    break;
                case DecisionOutcome.ReferToTrial when !allowed.Contains(IraeAction.Continue):
                    findings.Add(new(FindingSeverity.Info, "irae-trial-eligibility",
                        $"Active {what} ({Say(rec)}): check the trial's eligibility criteria for prior immune-related toxicity.", rec.Source));
                    break;
                default:
                    if (StopsTheInhibitor(outcome) && !allowed.Contains(IraeAction.Discontinue) && !ProgressionRecorded(evidence))
                    {
                        var endocrine = rec.Category is IraeCategory.Hypothyroidism or IraeCategory.Hyperthyroidism or IraeCategory.Hypophysitis
                            or IraeCategory.AdrenalInsufficiency or IraeCategory.Diabetes;
                        findings.Add(endocrine
                            ? new(FindingSeverity.Should, "irae-endocrine-not-a-reason-to-stop",
                                $"Stopping because of {what}? Endocrinopathies controlled by hormone replacement are not a reason for permanent discontinuation; the guideline says {Say(rec)}.", rec.Source)
                            : new(FindingSeverity.Info, "irae-stop-beyond-guideline",
                                $"Active {what}: the guideline says {Say(rec)}; permanent discontinuation goes beyond it — record the reason.", rec.Source));
                    }

                    break;
            }
        }
    }

    private static void CheckLabs(DecisionEvidence evidence, DecisionOutcome outcome, List<GuidelineFinding> findings)
    {
        var continuing = outcome == DecisionOutcome.Continue;
        if (continuing && evidence.LatestLabGrades.Count == 0)
        {
            findings.Add(new(FindingSeverity.Should, "labs-missing", "No pre-treatment bloods in the evidence: check LFTs, creatinine, glucose and TFTs before the next dose.", MonitoringSource));
        }

        foreach (var lab in evidence.LatestLabGrades)
        {
            if (lab.Error is not null)
            {
                findings.Add(new(FindingSeverity.Info, "lab-invalid", $"A lab result could not be graded: {lab.Error}", lab.Source));
                continue;
            }

            if (lab.Grade is null)
            {
                if (lab.Term is not null && lab.PossibleGrades.Any(g => g >= 2))
                {
                    findings.Add(new(FindingSeverity.Info, "lab-not-gradable",
                        $"{lab.TermName}: grade {string.Join(" or ", lab.PossibleGrades)} depending on {string.Join(", ", lab.Needs.Select(Words))} — record it to grade. {lab.Basis}.", lab.Source));
                }

                continue;
            }

            if (!continuing || lab.Grade < 2 || lab.Term is not { } term)
            {
                continue;
            }

            var covered = evidence.ActiveIraes.Any(i => CoveredBy(term, i.Category));
            if (covered)
            {
                continue;
            }

            // ASCO hepatitis grades AST/ALT on the same bands as CTCAE (Table 2 §2.2): G2 hold, G3–4 hold or discontinue.
            if (term is CtcaeTerm.AlanineAminotransferaseIncreased or CtcaeTerm.AspartateAminotransferaseIncreased)
            {
                findings.Add(new(lab.Grade >= 3 ? FindingSeverity.Must : FindingSeverity.Should, "lab-liver-on-continue",
                    $"{lab.TermName} grade {lab.Grade} ({lab.Basis}) and no hepatitis recorded: ASCO treats this as immune hepatitis grade {lab.Grade} ({Say(IraeGuidance.Recommend(IraeCategory.Hepatitis, lab.Grade.Value))}) unless another cause is found.",
                    "ASCO 2021 Table 2 §2.2 (hepatitis); " + lab.Source));
            }
            else if (term is CtcaeTerm.CreatinineIncreased)
            {
                findings.Add(new(lab.Grade >= 3 ? FindingSeverity.Must : FindingSeverity.Should, "lab-creatinine-on-continue",
                    $"Creatinine increased grade {lab.Grade} ({lab.Basis}) and no nephritis recorded: exclude immune nephritis (ASCO: hold from grade 2).",
                    "ASCO 2021 Table 6 §6.1 (nephritis/AKI); " + lab.Source));
            }
            else if (lab.Grade >= 3)
            {
                findings.Add(new(FindingSeverity.Should, "lab-grade-3-on-continue",
                    $"{lab.TermName} grade {lab.Grade} ({lab.Basis}): review before continuing; if immune-related, the general rule is to hold at grade 3.",
                    lab.Source));
            }
        }
    }

    private static void CheckResponse(DecisionEvidence evidence, List<IraeRecommendation> recommendations, DecisionOutcome outcome, List<GuidelineFinding> findings)
    {
        var continuing = outcome == DecisionOutcome.Continue;
        switch (evidence.LatestIrecist)
        {
            case IrecistResponse.ICPD when continuing:
                findings.Add(new(FindingSeverity.Must, "icpd-continue",
                    "Continuing at confirmed progression (iCPD): iRECIST does not support treatment beyond confirmed progression.", IrecistSource));
                break;
            case IrecistResponse.ICPD when outcome == DecisionOutcome.Pause:
                findings.Add(new(FindingSeverity.Should, "icpd-pause",
                    "Pausing at confirmed progression (iCPD): a pause implies resuming; consider stopping or switching treatment.", IrecistSource));
                break;
            case IrecistResponse.IUPD when continuing && evidence.ClinicallyStable == false:
                findings.Add(new(FindingSeverity.Must, "iupd-continue-unstable",
                    "Continuing beyond unconfirmed progression (iUPD) in a patient who is not clinically stable: iRECIST allows treatment beyond iUPD only when clinically stable.", IrecistSource));
                break;
            case IrecistResponse.IUPD when continuing && evidence.ClinicallyStable is null:
                findings.Add(new(FindingSeverity.Should, "iupd-stability-unknown",
                    "Continuing beyond iUPD: record clinical stability (performance status, disease symptoms, symptom management) — it is the condition for treatment beyond iUPD.", IrecistSource));
                break;
            case IrecistResponse.IUPD when continuing:
                findings.Add(new(FindingSeverity.Info, "iupd-confirmation-due",
                    "Continuing beyond iUPD in a clinically stable patient: book the confirmation scan 4–8 weeks after the iUPD scan.", IrecistSource));
                break;
            case IrecistResponse.IUPD when StopsTheInhibitor(outcome) && evidence.ClinicallyStable == true
                && !recommendations.Any(r => r.AllowedActions.Contains(IraeAction.Discontinue)):
                findings.Add(new(FindingSeverity.Should, "iupd-stop-stable",
                    "Stopping at a first, unconfirmed progression (iUPD) in a clinically stable patient: consider a confirmation scan in 4–8 weeks — the growth may be pseudoprogression.", IrecistSource));
                break;
            case IrecistResponse.INE:
                findings.Add(new(FindingSeverity.Info, "response-not-evaluable", "The latest iRECIST response is not evaluable (iNE).", IrecistSource));
                break;
            case null when evidence.LatestRecist == Recist11Response.PD && continuing:
                findings.Add(new(FindingSeverity.Should, "recist-pd-continue",
                    "Continuing at RECIST 1.1 progression: treatment beyond progression needs an iRECIST assessment (iUPD, not iCPD) and a clinically stable patient.",
                    "RECIST 1.1 (Eisenhauer et al., Eur J Cancer 2009) §4.3; " + IrecistSource));
                break;
            default:
                break;
        }

        var responding = evidence.LatestIrecist is IrecistResponse.ICR or IrecistResponse.IPR or IrecistResponse.ISD
            || (evidence.LatestIrecist is null && evidence.LatestRecist is Recist11Response.CR or Recist11Response.PR or Recist11Response.SD);
        if (responding && StopsTheInhibitor(outcome) && !recommendations.Any(r => r.AllowedActions.Contains(IraeAction.Discontinue)))
        {
            findings.Add(new(FindingSeverity.Info, "stop-while-responding",
                "Disease is responding or stable and no active irAE calls for discontinuation: record the reason for stopping (e.g. completed planned duration, patient choice).",
                "RECIST 1.1 / iRECIST response categories"));
        }
    }

    private static void CheckTreatmentState(DecisionEvidence evidence, DecisionOutcome outcome, List<GuidelineFinding> findings)
    {
        if (evidence.TreatmentState == TreatmentState.PermanentlyDiscontinued && outcome == DecisionOutcome.Continue)
        {
            findings.Add(new(FindingSeverity.Should, "rechallenge",
                "Treatment was permanently discontinued: continuing is a rechallenge — record the reason and the irAE history.",
                "ASCO 2021 general recommendations (rechallenge)"));
        }
    }

    private static bool ProgressionRecorded(DecisionEvidence evidence) =>
        evidence.LatestIrecist is IrecistResponse.ICPD or IrecistResponse.IUPD
        || (evidence.LatestIrecist is null && evidence.LatestRecist == Recist11Response.PD);

    private static bool CoveredBy(CtcaeTerm term, IraeCategory category) => (term, category) switch
    {
        (CtcaeTerm.AlanineAminotransferaseIncreased or CtcaeTerm.AspartateAminotransferaseIncreased
            or CtcaeTerm.AlkalinePhosphataseIncreased or CtcaeTerm.BloodBilirubinIncreased, IraeCategory.Hepatitis) => true,
        (CtcaeTerm.CreatinineIncreased, IraeCategory.Nephritis) => true,
        (CtcaeTerm.Hyperglycemia, IraeCategory.Diabetes) => true,
        (CtcaeTerm.Hypothyroidism, IraeCategory.Hypothyroidism) => true,
        (CtcaeTerm.Hyperthyroidism, IraeCategory.Hyperthyroidism) => true,
        (CtcaeTerm.CpkIncreased, IraeCategory.Myocarditis) => true,
        (CtcaeTerm.NeutrophilCountDecreased or CtcaeTerm.PlateletCountDecreased or CtcaeTerm.Anemia
            or CtcaeTerm.WhiteBloodCellDecreased or CtcaeTerm.LymphocyteCountDecreased, IraeCategory.Haematological) => true,
        _ => false,
    };

    private static string Say(IraeRecommendation rec) =>
        string.Join(" or ", rec.AllowedActions.Select(a => a switch
        {
            IraeAction.Continue => "continue",
            IraeAction.Hold => "hold",
            _ => "permanently discontinue",
        }));

    private static string Describe(IraeCategory category) => category switch
    {
        IraeCategory.AdrenalInsufficiency => "adrenal insufficiency",
        IraeCategory.Diabetes => "immune diabetes",
        IraeCategory.Haematological => "haematological irAE",
        IraeCategory.Neurological => "neurological irAE",
        IraeCategory.Skin => "skin toxicity",
        IraeCategory.Other => "irAE",
        _ => category.ToString().ToLowerInvariant(),
    };

    private static string Words(GradingInput input) => input switch
    {
        GradingInput.Lln => "the lower limit of normal",
        GradingInput.Uln => "the upper limit of normal",
        GradingInput.Symptomatic => "symptoms",
        GradingInput.InterventionIndicated => "whether intervention is indicated",
        GradingInput.Hospitalised => "hospitalisation",
        GradingInput.LimitsInstrumentalAdl => "limits to instrumental ADL",
        GradingInput.LimitsSelfCareAdl => "limits to self-care ADL",
        GradingInput.LifeThreatening => "life-threatening consequences",
        GradingInput.ThyroidReplacementIndicated => "whether thyroid replacement is indicated",
        GradingInput.ThyroidSuppressionIndicated => "whether suppression therapy is indicated",
        GradingInput.OralAntiglycaemicStarted => "whether an oral antiglycaemic was started",
        _ => "whether insulin was started",
    };
}
