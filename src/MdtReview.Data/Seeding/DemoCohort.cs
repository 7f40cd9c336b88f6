using System.Globalization;
using MdtReview.Clinical;
using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;

namespace MdtReview.Data.Seeding;

/// <summary>The demo users' ids, by role in the story.</summary>
internal sealed record DemoUserIds(string Oncologist, string Oncologist2, string Governance, string Pi, string Pi2, string Admin);

/// <summary>
/// The demo cohort: 45 patients on immunotherapy for lung, melanoma, renal and bladder cancer, three trials, two closed MDT
/// meetings with a decision of every outcome and an upcoming meeting with its agenda. Every patient's story is scripted here
/// (which response, which irAE, which decision) and the details are drawn from a fixed seed, so the cohort is the same on
/// every machine while its dates stay current: the timeline is placed relative to <c>today</c>.
/// </summary>
internal sealed class DemoCohort
{
    public const int Seed = 20261127;

    private readonly Random _rng = new(Seed);
    private readonly DateOnly _today;
    private readonly DemoUserIds _users;
    private readonly HashSet<string> _mrns = [];
    private readonly HashSet<int> _nhsSerials = [];

    public DemoCohort(DateOnly today, DemoUserIds users)
    {
        _today = today;
        _users = users;
        // The weekly immunotherapy MDT meets on Thursdays: two past meetings three weeks apart, and the next one.
        Meeting1 = ThursdayOnOrBefore(today.AddDays(-35));
        Meeting2 = Meeting1.AddDays(21);
        Meeting3 = ThursdayOnOrBefore(today.AddDays(9));
    }

    public DateOnly Meeting1 { get; }
    public DateOnly Meeting2 { get; }
    public DateOnly Meeting3 { get; }

    public List<Patient> Patients { get; } = [];
    public List<Trial> Trials { get; } = [];
    public List<Meeting> Meetings { get; } = [];

    /// <summary>Decisions, each with the trial it refers to (by index into <see cref="Trials"/>) when it is a referral.</summary>
    public List<(Decision Decision, int? TrialIndex)> Decisions { get; } = [];

    /// <summary>Referrals waiting for their decision's id: the decision, then the referral and its transitions.</summary>
    public List<(Decision Decision, TrialReferral Referral)> Referrals { get; } = [];

    /// <summary>The past meeting-2 case that was deferred from meeting 1 (its DeferredFromCaseId is set once ids exist).</summary>
    public (MeetingCase From, MeetingCase To)? DeferredCase { get; private set; }

    private static readonly Diagnosis _lungAdenoIv = new(TumourSite.Lung, "Adenocarcinoma of lung (non-small-cell)", "IVA (T2b N2 M1a)", TreatmentIntent.Palliative, 24);
    private static readonly Diagnosis _lungAdenoIvb = new(TumourSite.Lung, "Adenocarcinoma of lung (non-small-cell)", "IVB (T3 N2 M1c)", TreatmentIntent.Palliative, 24);
    private static readonly Diagnosis _lungSquamous = new(TumourSite.Lung, "Squamous cell carcinoma of lung (non-small-cell)", "IVA (T3 N2 M1b)", TreatmentIntent.Palliative, 24);
    private static readonly Diagnosis _lungSecondLine = new(TumourSite.Lung, "Adenocarcinoma of lung (non-small-cell)", "IVB (T2a N3 M1c)", TreatmentIntent.Palliative, null);
    private static readonly Diagnosis _lungSquamousSecondLine = new(TumourSite.Lung, "Squamous cell carcinoma of lung (non-small-cell)", "IVA (T4 N1 M1a)", TreatmentIntent.Palliative, null);
    // PACIFIC: durvalumab for up to 12 months after chemoradiotherapy for unresectable stage III NSCLC.
    private static readonly Diagnosis _lungStageIii = new(TumourSite.Lung, "Adenocarcinoma of lung (non-small-cell)", "IIIA (T2a N2 M0), after concurrent chemoradiotherapy", TreatmentIntent.Curative, 12);
    private static readonly Diagnosis _melanomaIv = new(TumourSite.Melanoma, "Cutaneous melanoma (superficial spreading)", "IV (M1c)", TreatmentIntent.Palliative, null);
    private static readonly Diagnosis _melanomaIvNodular = new(TumourSite.Melanoma, "Cutaneous melanoma (nodular)", "IV (M1b)", TreatmentIntent.Palliative, null);
    private static readonly Diagnosis _melanomaPembro = new(TumourSite.Melanoma, "Cutaneous melanoma (superficial spreading)", "IV (M1a)", TreatmentIntent.Palliative, 24);
    private static readonly Diagnosis _melanomaAdjuvant = new(TumourSite.Melanoma, "Cutaneous melanoma (nodular), completely resected", "IIIB (T2b N1a M0)", TreatmentIntent.Adjuvant, 12);
    private static readonly Diagnosis _melanomaAdjuvantIiic = new(TumourSite.Melanoma, "Cutaneous melanoma (superficial spreading), completely resected", "IIIC (T3b N2a M0)", TreatmentIntent.Adjuvant, 12);
    private static readonly Diagnosis _renalIv = new(TumourSite.Renal, "Clear cell renal cell carcinoma (ISUP grade 3)", "IV (T3a N1 M1)", TreatmentIntent.Palliative, null);
    private static readonly Diagnosis _renalIvPostNephrectomy = new(TumourSite.Renal, "Clear cell renal cell carcinoma (ISUP grade 4), post-nephrectomy", "IV (pT3a N0 M1)", TreatmentIntent.Palliative, null);
    // KEYNOTE-564: adjuvant pembrolizumab for about a year after nephrectomy.
    private static readonly Diagnosis _renalAdjuvant = new(TumourSite.Renal, "Clear cell renal cell carcinoma (ISUP grade 4), post-nephrectomy", "III (pT3a N0 M0)", TreatmentIntent.Adjuvant, 12);
    private static readonly Diagnosis _bladderIv = new(TumourSite.Bladder, "Urothelial carcinoma of the bladder", "IV (T3b N2 M1b)", TreatmentIntent.Palliative, 24);
    private static readonly Diagnosis _bladderAtezo = new(TumourSite.Bladder, "Urothelial carcinoma of the bladder", "IVA (T4a N2 M1a)", TreatmentIntent.Palliative, null);
    // CheckMate 274: adjuvant nivolumab for up to a year after radical cystectomy.
    private static readonly Diagnosis _bladderAdjuvant = new(TumourSite.Bladder, "Urothelial carcinoma of the bladder, after radical cystectomy", "III (ypT3b ypN1 M0)", TreatmentIntent.Adjuvant, 12);

    public void Build()
    {
        var m1 = Meeting1;
        var m2 = Meeting2;

        // ---- Lung (14) ----
        var lungResponder = Add(_lungAdenoIv, Regimen.Pembrolizumab200Q3W, ResponsePattern.PartialResponse, 2, m1.AddDays(-6), ecog: 1,
            biomarkers: [("PD-L1 TPS (22C3)", "80%"), ("EGFR mutation", "Not detected"), ("ALK rearrangement", "Negative (IHC D5F3)"), ("KRAS mutation", "Not detected")],
            iraes: [new IraePlan(IraeKind.Rash, 40, [(0, 1)], 35, TreatmentEffect.None)]);
        // Pseudo-progression 1: iUPD before meeting 1, response on the confirmation scan six weeks later (anchor: that scan).
        var lungPseudo = Add(_lungAdenoIv, Regimen.Pembrolizumab200Q3W, ResponsePattern.PseudoProgression, 0, _today.AddDays(-10), anchorIndex: 2,
            biomarkers: [("PD-L1 TPS (22C3)", "65%"), ("EGFR mutation", "Not detected"), ("ALK rearrangement", "Negative (IHC D5F3)")]);
        // Pseudo-progression 2, a year ago, now in deep response.
        Add(_lungSquamousSecondLine, Regimen.Nivolumab240Q2W, ResponsePattern.PseudoProgression, 1, _today.AddDays(-30), line: 2, ecog: 1);
        // Response, then regrowth: iUPD before meeting 1 (continue, confirm), iCPD before meeting 2 (switch to chemotherapy).
        var lungResistance = Add(_lungAdenoIvb, Regimen.Pembrolizumab200Q3W, ResponsePattern.AcquiredResistance, 1, m2.AddDays(-4), ecog: 1,
            biomarkers: [("PD-L1 TPS (22C3)", "55%"), ("EGFR mutation", "Not detected"), ("ALK rearrangement", "Negative (IHC D5F3)"), ("KRAS mutation", "Not detected")],
            stopOn: m2, stopReason: "Confirmed progression (iRECIST iCPD); MDT: switch to platinum doublet chemotherapy",
            next: "Carboplatin AUC5 + pemetrexed 500 mg/m² q3w ×4, then pemetrexed maintenance");
        Add(_lungSecondLine, Regimen.Atezolizumab1200Q3W, ResponsePattern.StableDisease, 1, _today.AddDays(-25), line: 2, ecog: 1);
        Add(_lungStageIii, Regimen.Durvalumab1500Q4W, ResponsePattern.PartialResponse, 1, _today.AddDays(-40),
            iraes: [new IraePlan(IraeKind.Hyperthyroidism, 42, [(0, 1)], 35, TreatmentEffect.None), new IraePlan(IraeKind.Hypothyroidism, 84, [(0, 2)], null, TreatmentEffect.None)]);
        Add(_lungSquamous, Regimen.Pembrolizumab400Q6W, ResponsePattern.PartialResponse, 2, _today.AddDays(-33),
            iraes: [new IraePlan(IraeKind.Pneumonitis, 130, [(0, 2), (12, 1)], 30, TreatmentEffect.Hold)]);
        // Complete response, two years of pembrolizumab completed: stop at meeting 2.
        var lungComplete = Add(_lungAdenoIv, Regimen.Pembrolizumab200Q3W, ResponsePattern.CompleteResponse, 6, m2.AddDays(-10),
            biomarkers: [("PD-L1 TPS (22C3)", "90%"), ("EGFR mutation", "Not detected"), ("ALK rearrangement", "Negative (IHC D5F3)")],
            stopOn: m2, stopStatus: TreatmentStatus.Completed,
            stopReason: "Two years of pembrolizumab completed with a sustained complete response; stopped per NICE 2-year rule, CT surveillance");
        // iUPD on the latest scan, confirmation pending: on the next agenda.
        var lungAwaiting = Add(_lungAdenoIv, Regimen.Pembrolizumab200Q3W, ResponsePattern.AwaitingConfirmation, 1, _today.AddDays(-9), ecog: 1);
        var lungPrimaryPd = Add(_lungSquamousSecondLine, Regimen.Nivolumab240Q2W, ResponsePattern.PrimaryProgression, 0, m2.AddDays(-5), line: 2, ecog: 1,
            stopOn: m2, stopReason: "Confirmed progression (iRECIST iCPD) with a new liver lesion; referred to ELEVATE-2",
            next: "ELEVATE-2 trial if eligible; otherwise docetaxel 75 mg/m² q3w");
        // Grade 3 hepatitis shortly before meeting 2: held, on steroids, now grade 2.
        var lungHepatitis = Add(_lungAdenoIv, Regimen.Pembrolizumab200Q3W, ResponsePattern.StableDisease, 1, m2.AddDays(-30),
            iraes: [new IraePlan(IraeKind.Hepatitis, 0, [(0, 3), (12, 2), (30, 1)], null, TreatmentEffect.Hold, OnsetDate: m2.AddDays(-6))]);
        // Grade 4 myocarditis before meeting 1: stopped for good.
        var lungMyocarditis = Add(_lungSquamous, Regimen.Pembrolizumab200Q3W, ResponsePattern.PartialResponse, 0, m1.AddDays(-40), ecog: 1,
            iraes: [new IraePlan(IraeKind.Myocarditis, 0, [(0, 4), (6, 3), (16, 2), (30, 1)], 60, TreatmentEffect.Stop, OnsetDate: m1.AddDays(-12))]);
        Add(_lungSecondLine, Regimen.Nivolumab480Q4W, ResponsePattern.StableDisease, 2, _today.AddDays(-18), line: 2, ecog: 1,
            iraes: [new IraePlan(IraeKind.Colitis, 75, [(0, 2), (9, 1)], 21, TreatmentEffect.Hold)]);
        Add(_lungAdenoIv, Regimen.Pembrolizumab200Q3W, ResponsePattern.PartialResponse, 1, _today.AddDays(-45),
            iraes: [new IraePlan(IraeKind.Nephritis, 150, [(0, 2), (14, 1)], 35, TreatmentEffect.Hold)]);

        // ---- Melanoma (12) ----
        Add(_melanomaIv, Regimen.IpiNivoMelanoma, ResponsePattern.PseudoProgression, 1, _today.AddDays(-45),
            biomarkers: [("BRAF V600", "Wild type")],
            iraes: [new IraePlan(IraeKind.Colitis, 38, [(0, 3), (7, 2), (16, 1)], 30, TreatmentEffect.Hold)]);
        var melanomaBraf = Add(_melanomaIv, Regimen.IpiNivoMelanoma, ResponsePattern.AcquiredResistance, 1, m1.AddDays(-5), ecog: 1,
            biomarkers: [("BRAF V600", "V600E mutation detected"), ("NRAS", "Not tested")],
            iraes: [new IraePlan(IraeKind.Hepatitis, 50, [(0, 2), (10, 1)], 24, TreatmentEffect.Hold)],
            stopOn: m1, stopReason: "Confirmed progression (iRECIST iCPD); BRAF V600E: switch to BRAF/MEK inhibition",
            next: "Dabrafenib 150 mg bd + trametinib 2 mg od");
        Add(_melanomaIvNodular, Regimen.Nivolumab480Q4W, ResponsePattern.CompleteResponse, 3, _today.AddDays(-28),
            iraes: [new IraePlan(IraeKind.Rash, 60, [(0, 1)], null, TreatmentEffect.None)]);
        Add(_melanomaPembro, Regimen.Pembrolizumab400Q6W, ResponsePattern.PartialResponse, 2, _today.AddDays(-52),
            iraes: [new IraePlan(IraeKind.Arthritis, 120, [(0, 1)], 60, TreatmentEffect.None)]);
        var melanomaHypophysitis = Add(_melanomaIv, Regimen.IpiNivoMelanoma, ResponsePattern.PartialResponse, 0, m2.AddDays(-20),
            iraes: [new IraePlan(IraeKind.Hypophysitis, 0, [(0, 2), (14, 1)], null, TreatmentEffect.Hold, OnsetDate: m2.AddDays(-25))]);
        Add(_melanomaAdjuvant, Regimen.Pembrolizumab200Q3W, ResponsePattern.NoEvidenceOfDisease, 1, _today.AddDays(-30),
            iraes: [new IraePlan(IraeKind.Hyperthyroidism, 35, [(0, 1)], 30, TreatmentEffect.None), new IraePlan(IraeKind.Hypothyroidism, 72, [(0, 2)], null, TreatmentEffect.None)]);
        Add(_melanomaIvNodular, Regimen.Nivolumab240Q2W, ResponsePattern.StableDisease, 2, _today.AddDays(-21), ecog: 1);
        // Grade 4 hepatitis: stopped; resolved; on the next agenda to decide on rechallenge.
        var melanomaHepatitis4 = Add(_melanomaIv, Regimen.IpiNivoMelanoma, ResponsePattern.PartialResponse, 1, _today.AddDays(-20),
            iraes: [new IraePlan(IraeKind.Hepatitis, 0, [(0, 4), (5, 3), (14, 2), (28, 1)], 50, TreatmentEffect.Stop, OnsetDate: _today.AddDays(-75))]);
        var melanomaPrimaryPd = Add(_melanomaPembro, Regimen.Pembrolizumab200Q3W, ResponsePattern.PrimaryProgression, 0, m1.AddDays(-6), ecog: 1,
            biomarkers: [("BRAF V600", "Wild type"), ("NRAS", "Q61R mutation detected")],
            stopOn: m1, stopReason: "Confirmed progression (iRECIST iCPD); referred to PROSPER-IO (TIL therapy)",
            next: "PROSPER-IO trial (tumour-infiltrating lymphocytes)");
        var melanomaDiabetes = Add(_melanomaIvNodular, Regimen.Nivolumab480Q4W, ResponsePattern.PartialResponse, 1, _today.AddDays(-35),
            iraes: [new IraePlan(IraeKind.Diabetes, 0, [(0, 3), (10, 2)], null, TreatmentEffect.Hold, OnsetDate: _today.AddDays(-24))]);
        Add(_melanomaPembro, Regimen.Pembrolizumab200Q3W, ResponsePattern.StableDisease, 0, _today.AddDays(-15));
        Add(_melanomaAdjuvantIiic, Regimen.Nivolumab480Q4W, ResponsePattern.NoEvidenceOfDisease, 4, _today.AddDays(-12));

        // ---- Renal (9) ----
        var renalResponder = Add(_renalIv, Regimen.NivoIpiRenal, ResponsePattern.PartialResponse, 2, _today.AddDays(-8));
        var renalResistance = Add(_renalIv, Regimen.NivoIpiRenal, ResponsePattern.AcquiredResistance, 0, m2.AddDays(-6), ecog: 1,
            stopOn: m2, stopReason: "Confirmed progression (iRECIST iCPD) on nivolumab maintenance; referred to HORIZON-RCC",
            next: "HORIZON-RCC trial if eligible; otherwise cabozantinib 60 mg od");
        Add(_renalIvPostNephrectomy, Regimen.Nivolumab480Q4W, ResponsePattern.StableDisease, 2, _today.AddDays(-36), line: 2, ecog: 1);
        Add(_renalAdjuvant, Regimen.Pembrolizumab200Q3W, ResponsePattern.NoEvidenceOfDisease, 1, _today.AddDays(-44),
            iraes: [new IraePlan(IraeKind.Rash, 50, [(0, 2), (14, 1)], 40, TreatmentEffect.None)]);
        Add(_renalIv, Regimen.NivoIpiRenal, ResponsePattern.StableDisease, 1, _today.AddDays(-16),
            iraes: [new IraePlan(IraeKind.Colitis, 45, [(0, 3), (6, 2), (14, 1)], 28, TreatmentEffect.Hold)]);
        var renalIneligible = Add(_renalIvPostNephrectomy, Regimen.Nivolumab240Q2W, ResponsePattern.PrimaryProgression, 0, _today.AddDays(-120), line: 2, ecog: 1,
            stopOn: _today.AddDays(-115), stopReason: "Confirmed progression (iRECIST iCPD); referred to HORIZON-RCC",
            next: "HORIZON-RCC trial if eligible; otherwise cabozantinib 60 mg od");
        Add(_renalIv, Regimen.NivoIpiRenal, ResponsePattern.CompleteResponse, 1, _today.AddDays(-26),
            iraes: [new IraePlan(IraeKind.Hypothyroidism, 63, [(0, 2)], null, TreatmentEffect.None)]);
        Add(_renalIvPostNephrectomy, Regimen.Nivolumab480Q4W, ResponsePattern.PartialResponse, 1, _today.AddDays(-58), line: 2);
        var renalPneumonitis = Add(_renalIv, Regimen.NivoIpiRenal, ResponsePattern.PartialResponse, 1, _today.AddDays(-30), ecog: 1,
            iraes: [new IraePlan(IraeKind.Pneumonitis, 0, [(0, 3), (10, 2), (24, 1)], null, TreatmentEffect.Stop, OnsetDate: _today.AddDays(-25))]);

        // ---- Bladder (9) ----
        Add(_bladderIv, Regimen.Pembrolizumab200Q3W, ResponsePattern.PartialResponse, 1, _today.AddDays(-38), line: 2);
        // Scan the day before meeting 1, report not ready: deferred to meeting 2.
        var bladderDeferred = Add(_bladderAtezo, Regimen.Atezolizumab1200Q3W, ResponsePattern.StableDisease, 1, m1.AddDays(-1), line: 2, ecog: 1);
        var bladderDeclined = Add(_bladderIv, Regimen.Pembrolizumab200Q3W, ResponsePattern.AcquiredResistance, 0, _today.AddDays(-100), line: 2, ecog: 1,
            biomarkers: [("PD-L1 CPS (22C3)", "12"), ("FGFR3 alteration", "Not detected")],
            stopOn: _today.AddDays(-95), stopReason: "Confirmed progression (iRECIST iCPD); referred to ELEVATE-2",
            next: "ELEVATE-2 trial if eligible; otherwise enfortumab vedotin");
        Add(_bladderAdjuvant, Regimen.Nivolumab480Q4W, ResponsePattern.NoEvidenceOfDisease, 2, _today.AddDays(-20));
        var bladderEligible = Add(_bladderIv, Regimen.Pembrolizumab200Q3W, ResponsePattern.PrimaryProgression, 0, _today.AddDays(-70), line: 2, ecog: 1,
            biomarkers: [("PD-L1 CPS (22C3)", "5"), ("FGFR3 alteration", "Not detected")],
            stopOn: _today.AddDays(-65), stopReason: "Confirmed progression (iRECIST iCPD); referred to ELEVATE-2",
            next: "ELEVATE-2 trial");
        Add(_bladderAtezo, Regimen.Atezolizumab1200Q3W, ResponsePattern.CompleteResponse, 1, _today.AddDays(-50));
        Add(_bladderIv, Regimen.Pembrolizumab400Q6W, ResponsePattern.PartialResponse, 1, _today.AddDays(-27), line: 2,
            iraes: [new IraePlan(IraeKind.Hepatitis, 100, [(0, 1)], 28, TreatmentEffect.None)]);
        Add(_bladderAtezo, Regimen.Atezolizumab1200Q3W, ResponsePattern.StableDisease, 1, _today.AddDays(-42), line: 2,
            iraes: [new IraePlan(IraeKind.Nephritis, 90, [(0, 2), (12, 1)], 30, TreatmentEffect.Hold)]);
        Add(_bladderIv, Regimen.Pembrolizumab200Q3W, ResponsePattern.PartialResponse, 0, _today.AddDays(-48), line: 2,
            iraes: [new IraePlan(IraeKind.Hyperthyroidism, 40, [(0, 1)], 28, TreatmentEffect.None), new IraePlan(IraeKind.Hypothyroidism, 75, [(0, 2)], null, TreatmentEffect.None)]);

        BuildTrials();
        var (prosper, horizon, elevate) = (0, 1, 2);

        // ---- Meeting 1: closed ----
        var meeting1 = NewMeeting(m1, _users.Oncologist, MeetingStatus.Closed);
        Discuss(meeting1, lungResistance, _users.Oncologist, "Target lesions up 41% from nadir with no new lesions, patient well (ECOG 1). Treat beyond iUPD?",
            DecisionOutcome.Continue, "iUPD on CT with the patient clinically stable and no new symptoms. Continue pembrolizumab beyond unconfirmed progression per iRECIST; confirmation CT in 4–8 weeks.",
            nextScanDays: 35);
        Discuss(meeting1, lungPseudo, _users.Oncologist2, "First restaging CT after 4 cycles: target sum +30%, patient feels better. Pseudo-progression?",
            DecisionOutcome.Continue, "iUPD at the first restaging scan with improving symptoms and stable ECOG; pseudo-progression possible. Continue pembrolizumab, confirmation CT in 6 weeks.",
            nextScanDays: 42);
        Discuss(meeting1, lungMyocarditis, _users.Oncologist, "Admitted with grade 4 myocarditis (troponin and CK rise, reduced LVEF), improving on steroids. Future of pembrolizumab?",
            DecisionOutcome.Stop, "Grade 4 immune-mediated myocarditis: permanent discontinuation of immunotherapy (ASCO 2021). In partial response; CT surveillance every 12 weeks.",
            nextScanDays: 56);
        Discuss(meeting1, melanomaBraf, _users.Oncologist2, "Confirmed progression on nivolumab maintenance after ipilimumab–nivolumab; BRAF V600E. Next line?",
            DecisionOutcome.SwitchToTargetedTherapy, "iCPD confirmed 5 weeks after iUPD. BRAF V600E-mutant: start dabrafenib + trametinib. Immunotherapy stopped.",
            nextScanDays: 84, next: "Dabrafenib 150 mg bd + trametinib 2 mg od");
        Discuss(meeting1, melanomaPrimaryPd, _users.Oncologist2, "Primary progression on pembrolizumab, BRAF wild type, ECOG 1. Trial options?",
            DecisionOutcome.ReferToTrial, "iCPD with a new liver metastasis; BRAF wild type, so no targeted option. Fit for TIL therapy: refer to PROSPER-IO.",
            nextScanDays: 42, trialIndex: prosper, referralQuestion: "Eligible for PROSPER-IO? Resectable subcutaneous lesion available for TIL harvest.");
        Discuss(meeting1, lungResponder, _users.Oncologist, "Third restaging CT: ongoing partial response, grade 1 rash settled. Continue?",
            DecisionOutcome.Continue, "Partial response maintained; grade 1 rash resolved with emollients. Continue pembrolizumab 200 mg q3w; next CT in 12 weeks.",
            nextScanDays: 84);
        var deferredFrom = List(meeting1, bladderDeferred, _users.Oncologist2, "Restaging CT on atezolizumab: response?", MeetingCaseStatus.Deferred,
            "Scan report not yet available");

        // ---- Meeting 2: closed ----
        var meeting2 = NewMeeting(m2, _users.Oncologist2, MeetingStatus.Closed);
        Discuss(meeting2, lungResistance, _users.Oncologist, "Confirmation CT 5 weeks after iUPD: further growth. Next line?",
            DecisionOutcome.SwitchToChemotherapy, "iCPD: target sum up a further ≥5 mm since iUPD. Stop pembrolizumab; start carboplatin + pemetrexed (no actionable driver).",
            nextScanDays: 63, next: "Carboplatin AUC5 + pemetrexed 500 mg/m² q3w ×4, then pemetrexed maintenance");
        Discuss(meeting2, lungHepatitis, _users.Oncologist, "Grade 3 immune-mediated hepatitis (ALT 9×ULN) on IV methylprednisolone. Plan for pembrolizumab?",
            DecisionOutcome.Pause, "Grade 3 hepatitis: hold pembrolizumab and treat with steroids (ASCO 2021). Restart may be considered once ALT is grade ≤1 and prednisolone ≤10 mg/day.",
            nextScanDays: 42, conditions: "Hold until ALT ≤3×ULN (grade ≤1) and prednisolone ≤10 mg/day; LFTs twice weekly");
        Discuss(meeting2, lungComplete, _users.Oncologist2, "Two years of pembrolizumab completed, complete response on the last two CTs. Stop?",
            DecisionOutcome.Stop, "Sustained complete response after 24 months of pembrolizumab: stop as planned (NICE 2-year stopping rule). CT surveillance every 3 months for the first year.",
            nextScanDays: 90);
        Discuss(meeting2, lungPrimaryPd, _users.Oncologist, "Confirmed progression on second-line nivolumab, new liver lesion, ECOG 1. Options?",
            DecisionOutcome.ReferToTrial, "iCPD with a new liver metastasis after second-line nivolumab. Fit, ECOG 1: refer to ELEVATE-2 (ADC vs docetaxel).",
            nextScanDays: 42, trialIndex: elevate, referralQuestion: "Eligible for ELEVATE-2? No prior TROP2-directed therapy; no history of pneumonitis.");
        Discuss(meeting2, renalResistance, _users.Oncologist2, "Progression on nivolumab maintenance after nivolumab–ipilimumab. Trial before cabozantinib?",
            DecisionOutcome.ReferToTrial, "iCPD after an initial partial response. Refer to HORIZON-RCC; cabozantinib if not eligible.",
            nextScanDays: 42, trialIndex: horizon, referralQuestion: "Eligible for HORIZON-RCC after one prior immunotherapy regimen? eGFR 58.");
        var resumed = Discuss(meeting2, bladderDeferred, _users.Oncologist2, "Restaging CT on atezolizumab (deferred from the last meeting): response?",
            DecisionOutcome.Continue, "Stable disease by RECIST 1.1, no new lesions, tolerating atezolizumab well. Continue; next CT in 12 weeks.",
            nextScanDays: 84);
        Discuss(meeting2, melanomaHypophysitis, _users.Oncologist, "Hypophysitis on hydrocortisone and levothyroxine; responding. Continue nivolumab?",
            DecisionOutcome.Continue, "Grade 2 hypophysitis now stable on hormone replacement; endocrinopathies do not require stopping (ASCO 2021). Continue immunotherapy.",
            nextScanDays: 56);
        DeferredCase = (deferredFrom, resumed);

        // ---- Meeting 3: planned agenda ----
        var meeting3 = NewMeeting(Meeting3, _users.Oncologist, MeetingStatus.Planned);
        List(meeting3, lungPseudo, _users.Oncologist2, "Confirmation CT 6 weeks after iUPD shows the target sum 38% below baseline: pseudo-progression. Continue pembrolizumab?",
            MeetingCaseStatus.Listed, "Confirmation scan after iUPD reported");
        List(meeting3, lungAwaiting, _users.Oncologist, "New iUPD on CT (target sum +33% from nadir), clinically well with ECOG 1. Continue beyond progression pending a confirmation CT in 4–8 weeks?",
            MeetingCaseStatus.Listed, "iUPD awaiting confirmation");
        List(meeting3, lungHepatitis, _users.Oncologist, "Hepatitis now grade 2 on a prednisolone wean. Criteria and timing to restart pembrolizumab?",
            MeetingCaseStatus.Listed, "Grade ≥2 irAE on treatment hold");
        List(meeting3, melanomaHepatitis4, _users.Oncologist2, "Grade 4 hepatitis resolved off immunosuppression; partial response. Surveillance or rechallenge with nivolumab?",
            MeetingCaseStatus.Listed, null);
        List(meeting3, renalPneumonitis, _users.Oncologist2, "Immunotherapy stopped for grade 3 pneumonitis while in partial response. Surveillance imaging interval?",
            MeetingCaseStatus.Listed, "Grade ≥2 irAE");
        List(meeting3, melanomaDiabetes, _users.Oncologist, "New immune-mediated diabetes, now on basal-bolus insulin. Restart nivolumab?",
            MeetingCaseStatus.Listed, "Grade ≥2 irAE on treatment hold");
        List(meeting3, renalResponder, _users.Oncologist2, "Restaging CT on nivolumab maintenance: ongoing partial response. Continue?",
            MeetingCaseStatus.Listed, "Scan reported since the last MDT");

        // ---- Referrals made outside the meetings (older) ----
        OutOfMeetingReferral(renalIneligible, _today.AddDays(-115), horizon, _users.Oncologist2,
            "Eligible for HORIZON-RCC after progression on second-line nivolumab?",
            [(ReferralStatus.Screening, 4, null, null), (ReferralStatus.Ineligible, 15, "eGFR 26 mL/min/1.73 m² at screening, below the trial minimum of 30", "3")]);
        OutOfMeetingReferral(bladderDeclined, _today.AddDays(-95), elevate, _users.Oncologist,
            "Eligible for ELEVATE-2 after progression on pembrolizumab?",
            [(ReferralStatus.Screening, 5, null, null), (ReferralStatus.Declined, 12, "Patient declined randomisation and the travel to the trial centre; chose standard treatment locally", null)]);
        OutOfMeetingReferral(bladderEligible, _today.AddDays(-65), elevate, _users.Oncologist,
            "Eligible for ELEVATE-2 after primary progression on pembrolizumab?",
            [(ReferralStatus.Screening, 6, null, null), (ReferralStatus.Eligible, 20, null, null)]);

        // Last, so its random draws leave the rest of the cohort unchanged.
        AmendedDeviation(melanomaHepatitis4, _today.AddDays(-74));

        // Added after the rest (its random draws come last, so no other patient changes): an active grade 3 irAE on the
        // upcoming agenda, the case where continuing immunotherapy overrides a 'must' finding (ASCO 2021 colitis, grade 3:
        // hold and treat with steroids).
        var melanomaColitis3 = Add(_melanomaIv, Regimen.IpiNivoMelanoma, ResponsePattern.PartialResponse, 1, _today.AddDays(-24),
            iraes: [new IraePlan(IraeKind.Colitis, 0, [(0, 3)], null, TreatmentEffect.Hold, OnsetDate: _today.AddDays(-5))]);
        List(meeting3, melanomaColitis3, _users.Oncologist, "Admitted with grade 3 colitis five days ago, on IV methylprednisolone, in partial response. Hold immunotherapy, or continue?",
            MeetingCaseStatus.Listed, "Grade ≥2 irAE");
    }

    /// <summary>Amendments waiting for the id of the version they supersede (which is in <see cref="Decisions"/>).</summary>
    public List<(Decision Amendment, Decision Supersedes)> Amendments { get; } = [];

    /// <summary>
    /// A decision outside a meeting, amended two days later into a deliberate departure from the guideline: grade 4
    /// hepatitis on ipilimumab–nivolumab is first recorded as a permanent stop (ASCO 2021), then amended to a pause so that
    /// nivolumab alone can be reconsidered once it resolves — the question on the upcoming agenda.
    /// </summary>
    private void AmendedDeviation(Patient patient, DateOnly date)
    {
        var original = NewDecision(patient, date, CohortGenerator.Utc(date, 17, 5), _users.Oncologist2, _users.Oncologist2, DecisionOutcome.Stop,
            "Grade 4 immune-mediated hepatitis (ALT >20×ULN) after the second ipilimumab–nivolumab induction dose: permanently discontinue immunotherapy (ASCO 2021). IV methylprednisolone started.",
            56, null, null);
        Decisions.Add((original, null));

        var amendedOn = date.AddDays(2);
        var amendment = NewDecision(patient, amendedOn, CohortGenerator.Utc(amendedOn, 9, 40), _users.Oncologist2, _users.Oncologist, DecisionOutcome.Pause,
            "Grade 4 hepatitis attributed to ipilimumab, which will not be given again. Nivolumab is held, not stopped: rechallenge with anti-PD-1 alone may be considered once the hepatitis has resolved and steroids are weaned, as the patient is in partial response.",
            56, null, "Hold until ALT ≤3×ULN (grade ≤1) and prednisolone ≤10 mg/day; then back to the MDT to decide on nivolumab monotherapy. No further ipilimumab.");
        amendment.VersionNumber = 2;
        amendment.AmendmentReason = "Outcome corrected from Stop to Pause after discussion with the consultant: ipilimumab is stopped for good, nivolumab monotherapy is to be reconsidered by the MDT.";
        amendment.DeviatesFromGuideline = true;
        amendment.DeviationReason = DeviationReason.ClinicalJudgement;
        amendment.DeviationText = "The guideline says permanently discontinue at grade 4 hepatitis. The hepatitis followed ipilimumab–nivolumab; ESMO 2022 allows anti-PD-1 rechallenge in selected patients after an ipilimumab-related toxicity. Decision on rechallenge deferred to the MDT once resolved.";
        Amendments.Add((amendment, original));
    }

    private Patient Add(
        Diagnosis dx, Regimen regimen, ResponsePattern response, int extraScans, DateOnly anchor,
        int? anchorIndex = null, int line = 1, int ecog = 0,
        IReadOnlyList<(string, string)>? biomarkers = null, IReadOnlyList<IraePlan>? iraes = null,
        DateOnly? stopOn = null, TreatmentStatus stopStatus = TreatmentStatus.Stopped, string? stopReason = null, string? next = null)
    {
        var plan = new PatientPlan
        {
            Diagnosis = dx,
            Regimen = regimen,
            Response = response,
            ExtraScans = extraScans,
            AnchorScanDate = anchor,
            AnchorScanIndex = anchorIndex,
            LineOfTherapy = line,
            EcogAtBaseline = ecog,
            Biomarkers = biomarkers,
            Iraes = iraes ?? [],
            StopOn = stopOn,
            StopStatus = stopStatus,
            StopReason = stopReason,
            PlannedNextTreatment = next,
        };

        var who = CohortGenerator.Identity(_rng, NextMrn(), NextNhsNumber(), _today, dx.Site);
        var clinician = Patients.Count % 2 == 0 ? _users.Oncologist : _users.Oncologist2;
        var patient = CohortGenerator.Generate(_rng, plan, who, _today, clinician);
        Patients.Add(patient);
        return patient;
    }

    private string NextMrn()
    {
        while (true)
        {
            // A trust-style hospital number: two letters and six digits.
            var mrn = "RH" + _rng.Next(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture);
            if (_mrns.Add(mrn))
            {
                return mrn;
            }
        }
    }

    /// <summary>Demo numbers use serials below 100 000 of the 999 test range; synthetic ones start above it.</summary>
    private string NextNhsNumber()
    {
        while (true)
        {
            var serial = _rng.Next(0, SyntheticCohortSeeder.FirstNhsSerial);
            if (_nhsSerials.Add(serial) && NhsNumber.TestRangeNumber(serial) is { } number)
            {
                return number;
            }
        }
    }

    private void BuildTrials()
    {
        // Fictional trials. Their NCT-format ids are in a range ClinicalTrials.gov has not issued, so none names a real study.
        Trials.Add(NewTrial(_users.Pi,
            "PROSPER-IO: a phase 2 study of autologous tumour-infiltrating lymphocyte (TIL) therapy in advanced melanoma progressing on anti-PD-1 therapy",
            "NCT09410231", "Phase 2", "Melanoma",
            "Unresectable stage III/IV cutaneous melanoma with confirmed progression on or after anti-PD-1 (± anti-CTLA-4), ECOG 0–1, a resectable lesion for TIL harvest and further measurable disease; BRAF V600-mutant disease must have received BRAF/MEK inhibition.",
            [
                ("Confirmed progression on or after anti-PD-1 therapy (RECIST 1.1 PD or iRECIST iCPD)", false),
                ("ECOG performance status 0–1", false),
                ("A resectable lesion ≥1.5 cm for TIL harvest and at least one other measurable lesion", false),
                ("Neutrophils ≥1.0 ×10^9/L, platelets ≥100 ×10^9/L, creatinine clearance ≥40 mL/min, ALT ≤3×ULN", false),
                ("Symptomatic or untreated brain metastases", true),
                ("Ongoing immune-related adverse event needing more than 10 mg prednisolone a day", true),
                ("Left ventricular ejection fraction below 45%", true),
            ]));
        Trials.Add(NewTrial(_users.Pi,
            "HORIZON-RCC: a phase 1/2 study of a HIF-2α inhibitor combined with PD-1 blockade in clear cell renal cell carcinoma after progression on immunotherapy",
            "NCT09527418", "Phase 1/2", "Renal",
            "Metastatic clear cell RCC that progressed after at least one checkpoint-inhibitor regimen and no more than three prior lines, with measurable disease and eGFR ≥30; no prior HIF-2α inhibitor.",
            [
                ("Metastatic clear cell RCC that progressed on or after at least one checkpoint-inhibitor regimen", false),
                ("No more than three prior systemic lines", false),
                ("eGFR ≥30 mL/min/1.73 m²", false),
                ("Measurable disease by RECIST 1.1", false),
                ("Prior HIF-2α inhibitor", true),
                ("Resting oxygen saturation below 92% or need for supplemental oxygen", true),
                ("Immune-related adverse event that led to permanent discontinuation of prior immunotherapy", true),
            ]));
        Trials.Add(NewTrial(_users.Pi2,
            "ELEVATE-2: a randomised phase 3 trial of an investigational TROP2 antibody–drug conjugate versus standard chemotherapy after progression on checkpoint inhibitors in non-small-cell lung cancer and urothelial carcinoma",
            "NCT09633052", "Phase 3", "Lung, Bladder",
            "Advanced NSCLC without an actionable driver, or urothelial carcinoma, progressing on or after anti-PD-(L)1 therapy; ECOG 0–1; measurable disease; no prior TROP2-directed therapy or history of pneumonitis needing steroids.",
            [
                ("Advanced NSCLC without an actionable genomic alteration, or advanced urothelial carcinoma", false),
                ("Progression on or after anti-PD-1 or anti-PD-L1 therapy", false),
                ("ECOG performance status 0–1", false),
                ("Measurable disease by RECIST 1.1", false),
                ("Adequate bone marrow, renal and hepatic function", false),
                ("Prior TROP2-directed therapy or topoisomerase I inhibitor payload", true),
                ("History of non-infectious pneumonitis that needed steroids", true),
                ("Untreated or symptomatic brain metastases", true),
            ]));
    }

    private static Trial NewTrial(string piId, string title, string nct, string phase, string sites, string summary, (string Text, bool Exclusion)[] criteria)
    {
        var trial = new Trial
        {
            Title = title,
            RegistryId = nct,
            Phase = phase,
            TumourSites = sites,
            Status = TrialStatus.Recruiting,
            EligibilitySummary = summary,
        };
        trial.Team.Add(new TrialTeamMember { UserId = piId, Role = TrialTeamRole.PrincipalInvestigator });
        for (var i = 0; i < criteria.Length; i++)
        {
            trial.Criteria.Add(new TrialCriterion { Position = i + 1, Text = criteria[i].Text, IsExclusion = criteria[i].Exclusion });
        }

        return trial;
    }

    private Meeting NewMeeting(DateOnly date, string chairId, MeetingStatus status)
    {
        var startsAt = CohortGenerator.Utc(date, 13, 0);
        var meeting = new Meeting
        {
            StartsAt = startsAt,
            TumourGroup = "Immuno-oncology",
            ChairId = chairId,
            Status = status,
            QuorumOncologists = 2,
            QuorumRadiologists = 1,
            QuorumOtherSpecialties = 1,
            ClosedAt = status == MeetingStatus.Closed ? startsAt.AddHours(2) : null,
        };
        if (status == MeetingStatus.Closed)
        {
            meeting.Attendees.AddRange(
            [
                new MeetingAttendee { UserId = _users.Oncologist, Name = "Dr Amelia Hart", Specialty = "Medical oncologist" },
                new MeetingAttendee { UserId = _users.Oncologist2, Name = "Dr Rajesh Menon", Specialty = "Medical oncologist" },
                new MeetingAttendee { Name = "Dr Priya Shah", Specialty = "Radiologist" },
                new MeetingAttendee { Name = "Claire Dunn", Specialty = "Clinical nurse specialist" },
                new MeetingAttendee { Name = date == Meeting1 ? "Dr Tom Gallagher" : "Dr Ewan Fraser", Specialty = date == Meeting1 ? "Histopathologist" : "Clinical oncologist" },
            ]);
        }

        Meetings.Add(meeting);
        return meeting;
    }

    private static MeetingCase List(Meeting meeting, Patient patient, string presenterId, string question, MeetingCaseStatus status, string? suggestion)
    {
        var meetingCase = new MeetingCase
        {
            Patient = patient,
            Position = meeting.Cases.Count + 1,
            Question = question,
            PresenterId = presenterId,
            Status = status,
            SuggestionReason = suggestion,
        };
        meeting.Cases.Add(meetingCase);
        return meetingCase;
    }

    private MeetingCase Discuss(
        Meeting meeting, Patient patient, string presenterId, string question, DecisionOutcome outcome, string rationale,
        int nextScanDays, string? next = null, string? conditions = null, int? trialIndex = null, string? referralQuestion = null)
    {
        var meetingCase = List(meeting, patient, presenterId, question, MeetingCaseStatus.Discussed, null);
        var date = DateOnly.FromDateTime(meeting.StartsAt);
        var decision = NewDecision(patient, date, meeting.StartsAt.AddMinutes(10 * meetingCase.Position), presenterId, meeting.ChairId!, outcome, rationale, nextScanDays, next, conditions);
        decision.MeetingCase = meetingCase;
        Decisions.Add((decision, trialIndex));
        if (trialIndex is not null)
        {
            decision.ReferralQuestion = referralQuestion;
            var transitions = trialIndex == 0
                ? new (ReferralStatus, int, string?, string?)[] { (ReferralStatus.Screening, 3, null, null), (ReferralStatus.Eligible, 14, null, null), (ReferralStatus.Enrolled, 21, null, null) }
                : trialIndex == 2 ? [(ReferralStatus.Screening, 4, null, null)] : [];
            Referrals.Add((decision, NewReferral(patient, decision, trialIndex.Value, referralQuestion ?? question, transitions)));
        }

        return meetingCase;
    }

    private void OutOfMeetingReferral(Patient patient, DateOnly date, int trialIndex, string byId, string question, (ReferralStatus, int, string?, string?)[] transitions)
    {
        var decision = NewDecision(patient, date, CohortGenerator.Utc(date, 16, 30), byId, byId, DecisionOutcome.ReferToTrial,
            "Confirmed progression on immunotherapy; fit for a clinical trial. Referred outside the MDT to avoid a week's delay, ratified at the next meeting.",
            42, null, null);
        decision.ReferralQuestion = question;
        Decisions.Add((decision, trialIndex));
        Referrals.Add((decision, NewReferral(patient, decision, trialIndex, question, transitions)));
    }

    private Decision NewDecision(
        Patient patient, DateOnly date, DateTime createdAt, string byId, string finalisedById, DecisionOutcome outcome, string rationale,
        int nextScanDays, string? next, string? conditions)
    {
        var finalisedAt = createdAt.Date.AddHours(15).AddMinutes(_rng.Next(0, 50));
        var evidence = CaseEvidence.Build(patient, date, []);
        return new Decision
        {
            Patient = patient,
            Outcome = outcome,
            Rationale = rationale,
            Conditions = conditions,
            NextReviewDate = date.AddDays(outcome is DecisionOutcome.Continue ? 84 : 28),
            NextScanDue = date.AddDays(nextScanDays),
            PlannedNextTreatment = next,
            InformPatientById = byId,
            InformPatientBy = date.AddDays(7),
            PatientInformedAt = CohortGenerator.Utc(date.AddDays(_rng.Next(1, 5)), 11, 0),
            EvidenceSnapshotJson = evidence.ToSnapshotJson(),
            GuidelineFindingsJson = FindingsJson.Serialize(evidence.Check(outcome)),
            RulesVersion = RulesVersion.Current,
            Status = DecisionStatus.Final,
            VersionNumber = 1,
            CreatedById = byId,
            CreatedAt = createdAt,
            UpdatedAt = finalisedAt,
            FinalisedById = finalisedById,
            FinalisedAt = finalisedAt,
        };
    }

    private TrialReferral NewReferral(Patient patient, Decision decision, int trialIndex, string question, (ReferralStatus To, int Day, string? Reason, string? Failed)[] transitions)
    {
        var trial = Trials[trialIndex];
        var piId = trial.Team.First(m => m.Role == TrialTeamRole.PrincipalInvestigator).UserId;
        var referral = new TrialReferral
        {
            Trial = trial,
            Patient = patient,
            Question = question,
            Reason = decision.Rationale,
            Status = ReferralStatus.Referred,
            ReferredById = decision.CreatedById,
            ReferredAt = decision.FinalisedAt!.Value,
        };
        var from = ReferralStatus.Referred;
        foreach (var (to, day, reason, failed) in transitions)
        {
            var at = CohortGenerator.Utc(DateOnly.FromDateTime(referral.ReferredAt).AddDays(day), 10, 15);
            if (at > CohortGenerator.Utc(_today, 0, 0))
            {
                break;
            }

            referral.Transitions.Add(new TrialReferralTransition { FromStatus = from, ToStatus = to, At = at, ById = piId, Reason = reason, FailedCriteria = failed });
            referral.Status = from = to;
        }

        return referral;
    }

    private static DateOnly ThursdayOnOrBefore(DateOnly date) =>
        date.AddDays(-(((int)date.DayOfWeek - (int)DayOfWeek.Thursday + 7) % 7));
}
