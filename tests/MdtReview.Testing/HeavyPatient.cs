using MdtReview.Clinical.Irae;
using MdtReview.Data.Model;

namespace MdtReview.Testing;

/// <summary>
/// A patient with a long history for performance checks of the review page: 2,000 lab results over eight tests (every
/// few days for years, one grade-4 ALT spike among them), 20 scans with four target lesions, three irAEs and ~50
/// infusions. Deterministic for a given <paramref name="seed"/>.
/// </summary>
public static class HeavyPatient
{
    public const int LabResults = 2_000;
    public const int Scans = 20;

    public static Patient Build(DateTime nowUtc, string mrn, int seed = 7)
    {
        var rng = new Random(seed);
        var today = DateOnly.FromDateTime(nowUtc);
        var start = today.AddDays(-3 * 365);
        var patient = new Patient
        {
            Mrn = mrn,
            FamilyName = "Heavyhistory",
            GivenName = "Morgan",
            DateOfBirth = new DateOnly(1952, 3, 14),
            Sex = Sex.Male,
            TumourSite = TumourSite.Melanoma,
            Histology = "Cutaneous melanoma",
            Stage = "IV (M1c)",
            DiagnosisDate = start.AddDays(-30),
            CreatedAt = nowUtc,
        };
        patient.EcogAssessments.Add(new EcogAssessment { AssessedOn = today.AddDays(-10), Score = 1 });
        var course = new TreatmentCourse
        {
            Regimen = "Nivolumab 480 mg q4w", Drugs = "nivolumab", IntervalDays = 28, StartDate = start, Status = TreatmentStatus.Active,
            Intent = TreatmentIntent.Palliative, LineOfTherapy = 1,
        };
        for (var (cycle, date) = (1, start); date < today; cycle++, date = date.AddDays(28))
        {
            course.Infusions.Add(new Infusion
            {
                CycleNumber = cycle, Date = date, Status = cycle % 13 == 0 ? InfusionStatus.Deferred : InfusionStatus.Given,
                DeferralReason = cycle % 13 == 0 ? "Grade 2 colitis" : null, RecordedAt = nowUtc,
            });
        }

        patient.TreatmentCourses.Add(course);

        (string Code, string Unit, decimal Lln, decimal Uln, decimal Typical)[] tests =
        [
            ("ALT", "U/L", 0, 40, 25), ("AST", "U/L", 0, 40, 24), ("BILI", "umol/L", 0, 21, 10), ("CREAT", "umol/L", 60, 110, 85),
            ("NEUT", "10^9/L", 2, 7.5m, 4), ("PLT", "10^9/L", 150, 400, 250), ("HGB", "g/L", 130, 170, 140), ("K", "mmol/L", 3.5m, 5.3m, 4.3m),
        ];
        var perTest = LabResults / tests.Length;
        var first = nowUtc.AddDays(-3 * 365);
        var step = (nowUtc - first).TotalHours / perTest;
        for (var i = 0; i < perTest; i++)
        {
            var at = first.AddHours((i * step) + 1);
            foreach (var t in tests)
            {
                var value = Math.Round(t.Typical * (decimal)(0.8 + (rng.NextDouble() * 0.4)), 1);
                if (t.Code == "ALT" && i == perTest / 2)
                {
                    value = 900;
                }

                patient.LabResults.Add(new LabResult
                {
                    TestCode = t.Code, Value = value, Unit = t.Unit, Lln = t.Lln, Uln = t.Uln, CollectedAt = at, RecordedAt = at, Source = LabSource.Manual,
                });
            }
        }

        for (var s = 0; s < Scans; s++)
        {
            var shrink = Math.Max(0.55m, 1m - (s * 0.03m));
            var scan = new Scan
            {
                ScanDate = start.AddDays(-7 + (s * 54)), Modality = ScanModality.Ct, IsBaseline = s == 0, NonTargetStatus = Clinical.Recist.NonTargetStatus.Present,
                RecordedAt = nowUtc, ReportText = s == 0 ? "Baseline staging CT" : "Restaging CT",
            };
            foreach (var (key, organ, node, size) in new[] { ("T1", "Lung", false, 32m), ("T2", "Liver", false, 25m), ("T3", "Liver", false, 18m), ("T4", "Lymph node", true, 22m) })
            {
                scan.Lesions.Add(new LesionMeasurement { LesionKey = key, Organ = organ, IsLymphNode = node, Kind = LesionKind.Target, DiameterMm = Math.Round(size * shrink, 0) });
            }

            patient.Scans.Add(scan);
        }

        patient.AdverseEvents.Add(Irae(IraeCategory.Colitis, "Colitis", start.AddDays(300), [(2, 0), (1, 14)], today.AddDays(-700), IraeManagement.Steroids, "prednisolone 1 mg/kg/day"));
        patient.AdverseEvents.Add(Irae(IraeCategory.Hypothyroidism, "Hypothyroidism", start.AddDays(120), [(2, 0)], null, IraeManagement.HormoneReplacement, "levothyroxine 75 micrograms"));
        patient.AdverseEvents.Add(Irae(IraeCategory.Hepatitis, "Hepatitis", today.AddDays(-20), [(3, 0), (2, 10)], null, IraeManagement.Steroids, "methylprednisolone 1 mg/kg"));
        return patient;
    }

    private static AdverseEvent Irae(IraeCategory category, string term, DateOnly onset, (int Grade, int Day)[] grades, DateOnly? resolved, IraeManagement management, string detail) => new()
    {
        Category = category,
        CtcaeTerm = term,
        CurrentGrade = grades[^1].Grade,
        OnsetDate = onset,
        ResolvedDate = resolved,
        Attribution = Attribution.Probable,
        Management = management,
        ManagementDetail = detail,
        GradeHistory = [.. grades.Select(g => new AdverseEventGrade { Grade = g.Grade, EffectiveDate = onset.AddDays(g.Day) })],
    };
}
