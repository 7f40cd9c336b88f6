using System.Globalization;
using MdtReview.Clinical.Recist;
using MdtReview.Data.Model;

namespace MdtReview.Data.Seeding;

/// <summary>Who the patient is: identifiers and demographics.</summary>
internal sealed record PatientIdentity(string Mrn, string NhsNumber, string GivenName, string FamilyName, Sex Sex, DateOnly DateOfBirth);

/// <summary>Everything that shapes one patient's record; the generator turns it into an entity graph.</summary>
internal sealed class PatientPlan
{
    public required Diagnosis Diagnosis { get; init; }
    public required Regimen Regimen { get; init; }
    public required ResponsePattern Response { get; init; }

    /// <summary>Regular scans added where the response pattern continues (longer treatment, longer series).</summary>
    public int ExtraScans { get; init; }

    /// <summary>The date of the anchor scan; the whole timeline is placed so that this scan falls on it.</summary>
    public required DateOnly AnchorScanDate { get; init; }

    /// <summary>Which scan is the anchor (0 = baseline); null for the last scripted scan. Scans after today are dropped.</summary>
    public int? AnchorScanIndex { get; init; }

    public int LineOfTherapy { get; init; } = 1;
    public int EcogAtBaseline { get; init; }
    public IReadOnlyList<IraePlan> Iraes { get; init; } = [];

    /// <summary>Biomarker results; null for the site's usual ones drawn at random.</summary>
    public IReadOnlyList<(string Name, string Result)>? Biomarkers { get; init; }

    /// <summary>An explicit end of treatment (e.g. the MDT date of a stop decision), with its status and reason.</summary>
    public DateOnly? StopOn { get; init; }
    public TreatmentStatus StopStatus { get; init; } = TreatmentStatus.Stopped;
    public string? StopReason { get; init; }
    public string? PlannedNextTreatment { get; init; }

    /// <summary>Probability that a cycle is deferred for a reason other than toxicity.</summary>
    public double RoutineDeferralRate { get; init; } = 0.04;
}

/// <summary>
/// Turns a <see cref="PatientPlan"/> into a patient with treatment courses and infusions on the regimen's schedule (deferrals
/// push a cycle by a week), pre-cycle bloods shaped by the irAEs, the irAEs with grade history and management, scans with
/// RECIST measurements, and ECOG over time. Deterministic: the same <see cref="Random"/> state gives the same patient.
/// </summary>
internal static class CohortGenerator
{
    private static readonly string[] _routineDeferrals =
    [
        "Patient request (family wedding); deferred one week",
        "Intercurrent chest infection on oral antibiotics; deferred one week",
        "Pre-cycle thyroid function results not available; deferred one week",
        "Day-unit capacity; rescheduled one week later",
        "COVID-19 positive on lateral flow, asymptomatic; deferred 7 days",
    ];

    public static PatientIdentity Identity(Random rng, string mrn, string nhsNumber, DateOnly today, TumourSite site)
    {
        var sex = site switch
        {
            // Bladder and renal cancer are about three and two times as common in men.
            TumourSite.Bladder => rng.NextDouble() < 0.75 ? Sex.Male : Sex.Female,
            TumourSite.Renal => rng.NextDouble() < 0.65 ? Sex.Male : Sex.Female,
            _ => rng.NextDouble() < 0.55 ? Sex.Male : Sex.Female,
        };
        var given = sex == Sex.Male ? Pick(rng, PeopleNames.Male) : Pick(rng, PeopleNames.Female);
        var family = Pick(rng, PeopleNames.Family);
        var age = site == TumourSite.Melanoma ? rng.Next(38, 84) : rng.Next(52, 86);
        var dob = today.AddYears(-age).AddDays(-rng.Next(0, 365));
        return new PatientIdentity(mrn, nhsNumber, given, family, sex, dob);
    }

    public static Patient Generate(Random rng, PatientPlan plan, PatientIdentity who, DateOnly today, string? clinicianId)
    {
        var dx = plan.Diagnosis;
        var adjuvant = dx.Intent == TreatmentIntent.Adjuvant;

        // Nothing is recorded later than yesterday, so no result, dose or grade carries a time still in the future today.
        today = today.AddDays(-1);

        // Scans first: the response script fixes the timeline, and the anchor scan places it on the calendar.
        var steps = ScanSeries.Script(adjuvant ? ResponsePattern.NoEvidenceOfDisease : plan.Response, plan.ExtraScans);
        var scans = ScanSeries.Build(rng, dx.Site, steps, today, adjuvant, clinicianId);
        var anchor = scans[Math.Clamp(plan.AnchorScanIndex ?? scans.Count - 1, 0, scans.Count - 1)];
        var shift = plan.AnchorScanDate.DayNumber - anchor.ScanDate.DayNumber;
        foreach (var scan in scans)
        {
            scan.ScanDate = scan.ScanDate.AddDays(shift);
            scan.RecordedAt = scan.RecordedAt.AddDays(shift);
        }

        var stepByScan = scans.Skip(1).Zip(steps).ToDictionary(p => p.First, p => p.Second);
        scans.RemoveAll(s => s.ScanDate > today);

        var start = Weekday(scans[0].ScanDate.AddDays(rng.Next(7, 15)));
        var iraes = plan.Iraes
            .Select(p => (p, onset: p.OnsetDate ?? start.AddDays(p.OnsetDay)))
            .Where(x => x.onset <= today)
            .Select(x =>
            {
                DateOnly? resolved = x.p.ResolvedAfterDays is int r ? x.onset.AddDays(r) : null;
                return new ScheduledIrae(x.p, x.onset, resolved <= today ? resolved : null);
            })
            .ToList();

        var person = new LabPerson(rng, who.Sex);
        var timeline = Schedule(rng, plan, start, today, scans, stepByScan, iraes, clinicianId);

        var diagnosisDate = start.AddDays(-rng.Next(35, 90) - ((plan.LineOfTherapy - 1) * 240));
        var patient = new Patient
        {
            Mrn = who.Mrn,
            NhsNumber = who.NhsNumber,
            GivenName = who.GivenName,
            FamilyName = who.FamilyName,
            DateOfBirth = who.DateOfBirth,
            Sex = who.Sex,
            TumourSite = dx.Site,
            Histology = dx.Histology,
            Stage = dx.Stage,
            DiagnosisDate = diagnosisDate,
            CreatedAt = Utc(diagnosisDate.AddDays(21), 10, 0),
        };

        foreach (var (name, result) in plan.Biomarkers ?? UsualBiomarkers(rng, dx))
        {
            patient.Biomarkers.Add(new Biomarker { Name = name, Result = result, TestedOn = diagnosisDate.AddDays(14) });
        }

        patient.TreatmentCourses.AddRange(timeline.Courses);
        patient.Scans.AddRange(scans);
        patient.AdverseEvents.AddRange(iraes.Select(i => AdverseEventOf(i, today, clinicianId)));
        patient.LabResults.AddRange(Labs(rng, person, start, today, timeline.CycleDates, iraes));
        patient.EcogAssessments.AddRange(Ecog(plan, start, timeline.CycleDates, scans, stepByScan, iraes));
        return patient;
    }

    private sealed record Timeline(List<TreatmentCourse> Courses, List<DateOnly> CycleDates);

    /// <summary>
    /// Walks the cycles: a given dose moves the next one a full interval on; a deferral (toxicity hold or routine) moves it a
    /// week, or a full interval while a hold has more than a week to run. An ipilimumab induction that meets a hold is stopped
    /// and nivolumab maintenance starts after recovery.
    /// </summary>
    private static Timeline Schedule(
        Random rng, PatientPlan plan, DateOnly start, DateOnly today, List<Scan> scans,
        Dictionary<Scan, ScanStep> stepByScan, List<ScheduledIrae> iraes, string? clinicianId)
    {
        var dx = plan.Diagnosis;
        DateOnly? stop = plan.StopOn;
        var stopStatus = plan.StopStatus;
        var stopReason = plan.StopReason;

        var confirmed = scans.FirstOrDefault(s => stepByScan.TryGetValue(s, out var st) && st.ExpectedIrecist == IrecistResponse.ICPD);
        if (confirmed is not null && (stop is null || confirmed.ScanDate.AddDays(7) < stop))
        {
            stop = plan.StopOn ?? Weekday(confirmed.ScanDate.AddDays(7));
            stopStatus = TreatmentStatus.Stopped;
            stopReason ??= $"Confirmed progression on CT {confirmed.ScanDate.ToString("d MMM yyyy", CultureInfo.InvariantCulture)} (iRECIST iCPD)";
        }

        foreach (var irae in iraes.Where(i => i.Plan.Effect == TreatmentEffect.Stop))
        {
            if (stop is null || irae.Onset < stop)
            {
                stop = irae.Onset;
                stopStatus = TreatmentStatus.Stopped;
                stopReason = $"Grade {irae.Plan.MaxGrade} {IraeCatalogue.Describe(irae.Plan.Kind).Term.ToLowerInvariant()}: immunotherapy permanently discontinued";
            }
        }

        var holds = iraes
            .Where(i => i.Plan.Effect == TreatmentEffect.Hold)
            .Select(i => (irae: i, from: i.Onset, until: i.BackToGradeOne?.AddDays(7) ?? DateOnly.MaxValue))
            .ToList();
        var fixedEnd = dx.PlannedDurationMonths is int months ? start.AddMonths(months) : (DateOnly?)null;

        var courses = new List<TreatmentCourse>();
        var cycleDates = new List<DateOnly>();
        var regimen = plan.Regimen;
        var course = NewCourse(regimen, dx, plan.LineOfTherapy, start);
        courses.Add(course);
        var cycle = 1;
        var date = start;
        DateOnly? lastGiven = null;
        var end = stop is DateOnly s && s <= today ? s.AddDays(-1) : today;

        while (date <= end && (fixedEnd is null || date < fixedEnd))
        {
            cycleDates.Add(date);
            var hold = holds.FirstOrDefault(h => date >= h.from && date < h.until);
            if (hold.irae is not null)
            {
                var grade = Math.Max(1, hold.irae.GradeOn(date));
                course.Infusions.Add(NewInfusion(cycle, date, InfusionStatus.Deferred, IraeCatalogue.DeferralReason(hold.irae.Plan.Kind, grade), clinicianId));
                if (regimen.IsInduction && regimen.Maintenance is not null)
                {
                    // Ipilimumab is not restarted after a significant irAE; nivolumab continues alone after recovery.
                    course.Status = TreatmentStatus.Stopped;
                    course.EndDate = lastGiven ?? date;
                    course.StatusReason = $"Ipilimumab discontinued after {cycle - 1} of {regimen.FixedCycles} induction cycles ({IraeCatalogue.Describe(hold.irae.Plan.Kind).Term.ToLowerInvariant()}, grade {hold.irae.Plan.MaxGrade}); nivolumab maintenance after recovery";
                    regimen = regimen.Maintenance;
                    var resume = hold.until == DateOnly.MaxValue ? DateOnly.MaxValue : Weekday(hold.until);
                    if (resume > end)
                    {
                        course.Status = TreatmentStatus.Paused;
                        course.StatusReason = IraeCatalogue.DeferralReason(hold.irae.Plan.Kind, grade);
                        course.EndDate = null;
                        regimen = plan.Regimen;
                        break;
                    }

                    course = NewCourse(regimen, dx, plan.LineOfTherapy, resume);
                    courses.Add(course);
                    cycle = 1;
                    date = resume;
                    continue;
                }

                date = hold.until.DayNumber - date.DayNumber <= 7 ? date.AddDays(7) : date.AddDays(regimen.IntervalDays);
                continue;
            }

            if (rng.NextDouble() < plan.RoutineDeferralRate && cycle > 1)
            {
                course.Infusions.Add(NewInfusion(cycle, date, InfusionStatus.Deferred, Pick(rng, _routineDeferrals), clinicianId));
                date = date.AddDays(7);
                continue;
            }

            course.Infusions.Add(NewInfusion(cycle, date, InfusionStatus.Given, null, clinicianId));
            lastGiven = date;
            if (regimen.IsInduction && cycle == regimen.FixedCycles && regimen.Maintenance is not null)
            {
                course.Status = TreatmentStatus.Completed;
                course.EndDate = date;
                course.StatusReason = $"{regimen.FixedCycles} induction cycles completed";
                // Nivolumab maintenance starts three weeks after the last combination dose (product label).
                regimen = regimen.Maintenance;
                var maintenanceStart = date.AddDays(21);
                if (maintenanceStart > end)
                {
                    break;
                }

                course = NewCourse(regimen, dx, plan.LineOfTherapy, maintenanceStart);
                courses.Add(course);
                cycle = 1;
                date = maintenanceStart;
                continue;
            }

            cycle++;
            date = date.AddDays(regimen.IntervalDays);
        }

        // The state of the current course today.
        var current = courses[^1];
        if (current.Status is TreatmentStatus.Completed or TreatmentStatus.Paused)
        {
            return new Timeline(courses, cycleDates);
        }

        if (stop is DateOnly stopped && stopped <= today)
        {
            current.Status = stopStatus;
            current.EndDate = stopped;
            current.StatusReason = stopReason ?? "Treatment stopped";
            current.PlannedNextTreatment = plan.PlannedNextTreatment;
        }
        else if (fixedEnd is DateOnly f && f <= today)
        {
            current.Status = TreatmentStatus.Completed;
            current.EndDate = lastGiven;
            current.StatusReason = $"Planned {dx.PlannedDurationMonths} months of treatment completed";
        }
        else if (holds.FirstOrDefault(h => today >= h.from && today < h.until) is { irae: not null } openHold)
        {
            current.Status = TreatmentStatus.Paused;
            current.StatusReason = IraeCatalogue.DeferralReason(openHold.irae.Plan.Kind, Math.Max(1, openHold.irae.GradeOn(today)));
        }

        return new Timeline(courses, cycleDates);
    }

    private static TreatmentCourse NewCourse(Regimen regimen, Diagnosis dx, int line, DateOnly start) => new()
    {
        Regimen = regimen.Name,
        Drugs = regimen.Drugs,
        IntervalDays = regimen.IntervalDays,
        Intent = dx.Intent,
        LineOfTherapy = line,
        StartDate = start,
        Status = TreatmentStatus.Active,
        PlannedDurationMonths = regimen.IsInduction ? null : dx.PlannedDurationMonths,
    };

    private static Infusion NewInfusion(int cycle, DateOnly date, InfusionStatus status, string? reason, string? clinicianId) => new()
    {
        CycleNumber = cycle,
        Date = date,
        Status = status,
        DeferralReason = reason,
        RecordedAt = Utc(date, 15, 0),
        RecordedById = clinicianId,
    };

    private static AdverseEvent AdverseEventOf(ScheduledIrae irae, DateOnly today, string? clinicianId)
    {
        var (category, term) = IraeCatalogue.Describe(irae.Plan.Kind);
        var (management, detail) = IraeCatalogue.Management(irae.Plan.Kind, irae.Plan.MaxGrade);
        var history = irae.Plan.Grades
            .Select(g => (date: irae.Onset.AddDays(g.Day), g.Grade))
            .Where(g => g.date <= today && (irae.Resolved is null || g.date < irae.Resolved))
            .Select((g, i) => new AdverseEventGrade
            {
                Grade = g.Grade,
                EffectiveDate = g.date,
                RecordedAt = Utc(g.date, 17, 0),
                RecordedById = clinicianId,
                Note = i == 0 ? "Onset" : "Grade reassessed at review",
            })
            .ToList();
        return new AdverseEvent
        {
            Category = category,
            CtcaeTerm = term,
            CurrentGrade = history[^1].Grade,
            OnsetDate = irae.Onset,
            ResolvedDate = irae.Resolved,
            Attribution = irae.Plan.Kind is IraeKind.Arthritis or IraeKind.Rash ? Attribution.Probable : Attribution.Definite,
            Management = management,
            ManagementDetail = detail,
            GradeHistory = history,
        };
    }

    /// <summary>Baseline bloods a week before C1D1, pre-cycle bloods the day before every planned cycle, and extra bloods when an irAE starts.</summary>
    private static List<LabResult> Labs(Random rng, LabPerson person, DateOnly start, DateOnly today, List<DateOnly> cycleDates, List<ScheduledIrae> iraes)
    {
        var draws = new SortedDictionary<DateOnly, IReadOnlyList<LabTestSpec>> { [start.AddDays(-7)] = LabPanels.Baseline };
        foreach (var cycle in cycleDates.Skip(1))
        {
            draws[cycle.AddDays(-1)] = LabPanels.PreCycle;
        }

        foreach (var irae in iraes)
        {
            draws.TryAdd(irae.Onset, irae.Plan.Kind == IraeKind.Myocarditis ? LabPanels.Baseline : LabPanels.PreCycle);
            int[] monitoring = irae.Plan.Kind switch
            {
                // Liver tests twice weekly, then weekly, while hepatitis is active (ASCO 2021).
                IraeKind.Hepatitis when irae.Plan.MaxGrade >= 2 => [3, 7, 10, 14, 21, 28],
                IraeKind.Nephritis => [7, 14],
                IraeKind.Myocarditis => [2, 5, 9],
                _ => [],
            };
            foreach (var day in monitoring)
            {
                var spec = irae.Plan.Kind switch
                {
                    IraeKind.Hepatitis => LabPanels.LiverMonitoring,
                    IraeKind.Myocarditis => [LabPanels.Ck, LabPanels.Alt, LabPanels.Ast],
                    _ => (IReadOnlyList<LabTestSpec>)[LabPanels.Sodium, LabPanels.Potassium, LabPanels.Creatinine],
                };
                draws.TryAdd(irae.Onset.AddDays(day), spec);
            }
        }

        var results = new List<LabResult>(draws.Count * 16);
        foreach (var (date, panel) in draws)
        {
            if (date > today)
            {
                continue;
            }

            var collected = Utc(date, 8 + rng.Next(0, 3), rng.Next(0, 60));
            var values = person.Draw(rng, date, panel, iraes);
            foreach (var spec in panel)
            {
                var (lln, uln) = spec.Range(person.Sex);
                results.Add(new LabResult
                {
                    TestCode = spec.Code,
                    Loinc = spec.Loinc,
                    Value = values[spec.Code],
                    Unit = spec.Unit,
                    Lln = lln,
                    Uln = uln,
                    CollectedAt = collected,
                    Source = LabSource.FhirImport,
                    RecordedAt = collected.AddHours(4),
                });
            }
        }

        return results;
    }

    /// <summary>ECOG at baseline and about every six weeks; worse during a grade ≥3 irAE and after progression, better with response.</summary>
    private static List<EcogAssessment> Ecog(
        PatientPlan plan, DateOnly start, List<DateOnly> cycleDates, List<Scan> scans, Dictionary<Scan, ScanStep> stepByScan, List<ScheduledIrae> iraes)
    {
        var assessments = new List<EcogAssessment> { new() { AssessedOn = start.AddDays(-7), Score = plan.EcogAtBaseline } };
        var last = start.AddDays(-7);
        var progressing = plan.Response is ResponsePattern.PrimaryProgression or ResponsePattern.AcquiredResistance;
        foreach (var date in cycleDates.Where(d => d.DayNumber - start.DayNumber >= 35))
        {
            if (date.DayNumber - last.DayNumber < 42)
            {
                continue;
            }

            var score = plan.EcogAtBaseline;
            var seen = scans.Where(s => s.ScanDate <= date && stepByScan.ContainsKey(s)).Select(s => stepByScan[s]).ToList();
            if (seen.Any(s => s.ExpectedIrecist is IrecistResponse.IPR or IrecistResponse.ICR) && !progressing)
            {
                score = Math.Max(0, score - 1);
            }

            if (progressing && seen.Any(s => s.ExpectedIrecist == IrecistResponse.IUPD))
            {
                score++;
            }

            if (iraes.Any(i => i.GradeOn(date) >= 3))
            {
                score++;
            }

            assessments.Add(new EcogAssessment { AssessedOn = date, Score = Math.Min(score, 4) });
            last = date;
        }

        return assessments;
    }

    private static IEnumerable<(string, string)> UsualBiomarkers(Random rng, Diagnosis dx)
    {
        switch (dx.Site)
        {
            case TumourSite.Lung:
                var tps = dx.Stage.StartsWith("III", StringComparison.Ordinal) ? rng.Next(1, 90) : rng.Next(50, 96);
                yield return ("PD-L1 TPS (22C3)", $"{tps}%");
                if (dx.Histology.Contains("Adeno", StringComparison.Ordinal))
                {
                    yield return ("EGFR mutation", "Not detected");
                    yield return ("ALK rearrangement", "Negative (IHC D5F3)");
                    yield return ("ROS1 rearrangement", "Negative");
                    yield return ("KRAS mutation", rng.NextDouble() < 0.3 ? "G12C detected" : "Not detected");
                }

                break;
            case TumourSite.Melanoma:
                yield return ("BRAF V600", rng.NextDouble() < 0.45 ? "V600E mutation detected" : "Wild type");
                yield return ("NRAS", "Not tested");
                break;
            case TumourSite.Renal:
                yield return ("IMDC risk group", rng.NextDouble() < 0.7 ? "Intermediate (1–2 factors)" : "Poor (3 factors)");
                break;
            case TumourSite.Bladder:
                yield return ("PD-L1 CPS (22C3)", rng.Next(1, 40).ToString(CultureInfo.InvariantCulture));
                yield return ("FGFR3 alteration", rng.NextDouble() < 0.15 ? "S249C mutation detected" : "Not detected");
                break;
        }
    }

    public static DateOnly Weekday(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(2),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };

    public static DateTime Utc(DateOnly date, int hour, int minute) => DateTime.SpecifyKind(date.ToDateTime(new TimeOnly(hour, minute)), DateTimeKind.Utc);

    public static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    /// <summary>One patient's own baselines and the way irAEs move them.</summary>
    private sealed class LabPerson
    {
        private readonly Dictionary<string, double> _baseline = [];

        public LabPerson(Random rng, Sex sex)
        {
            Sex = sex;
            foreach (var spec in LabPanels.All)
            {
                var (lln, uln) = spec.Range(sex);
                var low = (double)(lln ?? 0m);
                var high = (double)(uln ?? (decimal)(spec.Mean * 2));
                var value = spec.TypicalMean(sex) + (spec.Spread * Gaussian(rng));
                // Baselines stay within the range (a little below LLN for Hb and lymphocytes, as often in cancer).
                _baseline[spec.Code] = Math.Clamp(value, low * (spec.Code is "HGB" or "LYMPH" ? 0.85 : 1.02), high * 0.95);
            }
        }

        public Sex Sex { get; }

        public Dictionary<string, decimal> Draw(Random rng, DateOnly date, IReadOnlyList<LabTestSpec> panel, List<ScheduledIrae> iraes)
        {
            var v = new Dictionary<string, double>();
            foreach (var spec in LabPanels.All)
            {
                v[spec.Code] = _baseline[spec.Code] * (1 + (spec.WithinPatientCv * Math.Clamp(Gaussian(rng), -2.5, 2.5)));
            }

            var steroids = false;
            foreach (var irae in iraes)
            {
                Apply(rng, v, date, irae);
                steroids |= irae.OnSystemicSteroidsOn(date);
            }

            if (steroids)
            {
                // High-dose corticosteroids: neutrophilia, lymphopenia and a higher random glucose.
                v["NEUT"] *= 1.4 + (rng.NextDouble() * 0.5);
                v["LYMPH"] *= 0.5 + (rng.NextDouble() * 0.2);
                v["GLUCOSE"] += 1.5 + (rng.NextDouble() * 2.5);
            }

            // The white count is the sum of its parts (neutrophils, lymphocytes, monocytes and the rest).
            v["WBC"] = v["NEUT"] + v["LYMPH"] + 0.5 + (rng.NextDouble() * 0.6);

            var result = new Dictionary<string, decimal>(panel.Count);
            foreach (var spec in panel)
            {
                var minimum = Math.Pow(10, -spec.Decimals);
                result[spec.Code] = Math.Round((decimal)Math.Max(minimum, v[spec.Code]), spec.Decimals, MidpointRounding.AwayFromZero);
            }

            return result;
        }

        private void Apply(Random rng, Dictionary<string, double> v, DateOnly date, ScheduledIrae irae)
        {
            var grade = irae.GradeOn(date);
            var days = date.DayNumber - irae.Onset.DayNumber;
            var uln = (string code) => (double)(LabPanels.ByCode(code).Range(Sex).Uln ?? 0m);
            double Between(double a, double b) => a + (rng.NextDouble() * (b - a));

            switch (irae.Plan.Kind)
            {
                case IraeKind.Hepatitis when grade > 0:
                    // Values inside the CTCAE v5 band of the grade (ALT/AST >ULN–3, >3–5, >5–20, >20 ×ULN).
                    var (low, high) = grade switch { 1 => (1.3, 2.6), 2 => (3.3, 4.7), 3 => (6.0, 14.0), _ => (21.0, 30.0) };
                    v["ALT"] = uln("ALT") * Between(low, high);
                    v["AST"] = uln("AST") * Between(low, high) * 0.8;
                    v["ALP"] *= grade >= 3 ? 1.5 : 1.1;
                    if (grade >= 3)
                    {
                        v["BILI"] = uln("BILI") * (grade == 4 ? Between(2.0, 3.0) : Between(1.05, 1.4));
                    }

                    break;
                case IraeKind.Nephritis when grade > 0:
                    v["CREAT"] = grade switch
                    {
                        1 => Math.Max(uln("CREAT") * 1.08, _baseline["CREAT"] * 1.3),
                        2 => _baseline["CREAT"] * Between(1.8, 2.4),
                        3 => _baseline["CREAT"] * Between(3.2, 3.8),
                        _ => uln("CREAT") * Between(6.2, 7.0),
                    };
                    v["K"] += grade >= 2 ? 0.5 : 0.2;
                    break;
                case IraeKind.Hyperthyroidism when grade > 0:
                    v["TSH"] = Between(0.01, 0.05);
                    v["FT4"] = Between(26, 36);
                    break;
                case IraeKind.Hypothyroidism:
                    if (days is >= -14 and < 0)
                    {
                        // The TSH climbs as the thyroiditis burns out, before the patient is treated.
                        v["TSH"] = Between(5, 9);
                        v["FT4"] = Between(10.5, 12.5);
                    }
                    else if (grade > 0 && days < 14)
                    {
                        v["TSH"] = Between(18, 40);
                        v["FT4"] = Between(5.5, 8.5);
                    }
                    else if (days >= 14)
                    {
                        // On levothyroxine the TSH falls back over about two months.
                        var excess = 25 * Math.Exp(-(days - 14) / 21.0);
                        v["TSH"] = _baseline["TSH"] + excess;
                        v["FT4"] = Math.Max(8, _baseline["FT4"] - (excess / 4));
                    }

                    break;
                case IraeKind.Hypophysitis when days >= 0:
                    v["TSH"] = Between(0.1, 0.5);
                    if (days < 10)
                    {
                        v["NA"] = Between(127, 131);
                        v["FT4"] = Between(8, 10.5);
                    }
                    else
                    {
                        v["FT4"] = Between(12, 14.5);
                    }

                    break;
                case IraeKind.Diabetes when days >= 0:
                    v["GLUCOSE"] = days < 3 ? Between(22, 32) : days < 21 ? Between(9, 15) : Between(6.5, 11);
                    break;
                case IraeKind.Myocarditis when days is >= 0 and < 21:
                    v["CK"] = days < 7 ? Between(1500, 4000) : Between(300, 800);
                    v["AST"] = uln("AST") * Between(2, 4);
                    v["ALT"] = uln("ALT") * Between(1.5, 2.5);
                    break;
                case IraeKind.Colitis when grade >= 3 && days < 7:
                    v["K"] = Between(3.0, 3.3);
                    v["NA"] = Between(131, 134);
                    break;
            }
        }

        private static double Gaussian(Random rng)
        {
            // Box–Muller.
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }
    }
}
