namespace MdtReview.Clinical.Ctcae;

/// <summary>
/// Grades lab results under CTCAE v5.0 (NCI, 27 Nov 2017), as reproduced field by field in admiral's
/// <c>ncictcaev5.json</c> / <c>ncictcaev5_uscv.json</c> (pharmaverse/admiral 6eb5125a, Apache-2.0).
/// Pure and exact: every comparison is <see cref="decimal"/>, ratio criteria are compared as
/// value &gt; k × ULN (never by dividing), and a value on a boundary goes to the lower grade because each
/// higher band starts with "&gt;" or "&lt;" (CTCAE v5.0 introduction; clinical-rules.md §1a).
/// </summary>
public static class CtcaeGrader
{
    /// <summary>
    /// Grades a result, reading the direction from the value: a low sodium is graded as hyponatraemia,
    /// a high one as hypernatraemia, a high TSH as (clinically graded) hypothyroidism, and so on.
    /// </summary>
    /// <param name="observation">The result with its limits, baseline and clinical context.</param>
    /// <returns>The grade, or why there is none.</returns>
    public static LabGrade Grade(LabObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var (input, error) = Prepare(observation);
        if (input is null)
        {
            return error!;
        }

        if (input.Lln is { } lln && input.Uln is { } uln && lln > uln)
        {
            return Invalid(observation.Test, $"{input.Info.Name}: the reference range is reversed (LLN {Format.Number(lln)} is above ULN {Format.Number(uln)}).");
        }

        var assessment = observation.Test switch
        {
            LabTest.Alt => GradeTerm(input, CtcaeTerm.AlanineAminotransferaseIncreased),
            LabTest.Ast => GradeTerm(input, CtcaeTerm.AspartateAminotransferaseIncreased),
            LabTest.Alp => GradeTerm(input, CtcaeTerm.AlkalinePhosphataseIncreased),
            LabTest.Bilirubin => GradeTerm(input, CtcaeTerm.BloodBilirubinIncreased),
            LabTest.Creatinine => GradeTerm(input, CtcaeTerm.CreatinineIncreased),
            LabTest.Ck => GradeTerm(input, CtcaeTerm.CpkIncreased),
            LabTest.Lipase => GradeTerm(input, CtcaeTerm.LipaseIncreased),
            LabTest.Amylase => GradeTerm(input, CtcaeTerm.SerumAmylaseIncreased),
            LabTest.Neutrophils => LowOnly(input, CtcaeTerm.NeutrophilCountDecreased, "CTCAE v5.0 has no lab-graded term for a high neutrophil count"),
            LabTest.Platelets => LowOnly(input, CtcaeTerm.PlateletCountDecreased, "CTCAE v5.0 has no lab-graded term for a high platelet count"),
            // Leukocytosis (CTCAE v5.0, Blood and lymphatic system disorders): grade 3 is >100 × 10^9/L; no grade 1–2.
            LabTest.Wbc => input.Canonical > 100m
                ? GradeTerm(input, CtcaeTerm.Leukocytosis)
                : LowOnly(input, CtcaeTerm.WhiteBloodCellDecreased, "CTCAE v5.0 grades leukocytosis only above 100 × 10^9/L"),
            // Lymphocyte count increased (CTCAE v5.0, Investigations) starts at >4.0 × 10^9/L whatever the ULN.
            LabTest.Lymphocytes => input.Canonical > 4m
                ? GradeTerm(input, CtcaeTerm.LymphocyteCountIncreased)
                : LowOnly(input, CtcaeTerm.LymphocyteCountDecreased, "CTCAE v5.0 grades a lymphocyte count increase only above 4.0 × 10^9/L"),
            LabTest.Haemoglobin => Pair(input, CtcaeTerm.Anemia, CtcaeTerm.HemoglobinIncreased, LowCutOffs(input, CtcaeTerm.Anemia)[^1].Below, null),
            // Hyponatraemia grade 2 starts below 130 and hypernatraemia grade 2 above 150 mmol/L, whatever the limits.
            LabTest.Sodium => Pair(input, CtcaeTerm.Hyponatremia, CtcaeTerm.Hypernatremia, 130m, 150m),
            // Hypokalaemia grade 3 starts below 3.0, hyperkalaemia grade 2 above 5.5 mmol/L.
            LabTest.Potassium => Pair(input, CtcaeTerm.Hypokalemia, CtcaeTerm.Hyperkalemia, 3.0m, 5.5m),
            LabTest.Glucose => Pair(input, CtcaeTerm.Hypoglycemia, CtcaeTerm.Hyperglycemia, LowCutOffs(input, CtcaeTerm.Hypoglycemia)[^1].Below, null),
            // A low TSH is the pattern of hyperthyroidism/thyroiditis, a high TSH of primary hypothyroidism.
            LabTest.Tsh => Pair(input, CtcaeTerm.Hyperthyroidism, CtcaeTerm.Hypothyroidism, null, null),
            _ => throw new ArgumentOutOfRangeException(nameof(observation), observation.Test, "Unknown lab test."),
        };
        return ToGrade(input, assessment);
    }

    /// <summary>
    /// Grades a result against one named CTCAE term (as admiral does when the term is given), without
    /// reading the direction from the value. Only the limits that term uses are looked at.
    /// </summary>
    /// <param name="observation">The result.</param>
    /// <param name="term">The term; it must belong to the observation's test.</param>
    /// <returns>The grade, or why there is none.</returns>
    public static LabGrade Grade(LabObservation observation, CtcaeTerm term)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (CtcaeTerms.TestOf(term) != observation.Test)
        {
            throw new ArgumentException($"{CtcaeTerms.Name(term)} is not graded from {observation.Test}.", nameof(term));
        }

        var (input, error) = Prepare(observation);
        return input is null ? error! : ToGrade(input, GradeTerm(input, term));
    }

    private sealed record Input(LabTestInfo Info, decimal Value, LabUnit? Unit, decimal? Lln, decimal? Uln, decimal? Baseline, ClinicalContext Context)
    {
        public decimal Canonical => Unit?.ToCanonical(Value) ?? Value;

        public string Show(decimal v) => Format.WithUnit(v, Unit);
    }

    private sealed record Assessment(
        CtcaeTerm? Term,
        int? Grade,
        IReadOnlyList<int> Possible,
        IReadOnlyList<GradingInput> Needs,
        string Basis,
        IReadOnlyList<string> Notes,
        string? Error = null);

    private static (Input? Input, LabGrade? Error) Prepare(LabObservation o)
    {
        var info = LabTestCatalogue.Get(o.Test);
        if (o.Value is not { } value)
        {
            return (null, Invalid(o.Test, $"{info.Name}: no result value was given."));
        }

        LabUnit? unit = null;
        if (string.IsNullOrWhiteSpace(o.Unit))
        {
            if (!info.UnitOptional)
            {
                // Absolute cut-offs differ by unit, so a unit-less value cannot be graded (admiral tests 6a–80a, "unit missing").
                return (null, Invalid(o.Test, $"{info.Name}: the unit is missing; it is needed because CTCAE gives absolute cut-offs per unit (expected one of {LabTestCatalogue.UnitList(info)})."));
            }
        }
        else
        {
            unit = info.FindUnit(o.Unit);
            if (unit is null)
            {
                return (null, Invalid(o.Test, $"{info.Name}: '{o.Unit}' is not a unit for this test (expected one of {LabTestCatalogue.UnitList(info)})."));
            }
        }

        var problem = unit is null
            ? (value < 0 ? $"{info.Name}: a result cannot be negative." : null)
            : LabTestCatalogue.Validate(o.Test, value, unit.Symbol);
        if (problem is not null)
        {
            return (null, Invalid(o.Test, problem));
        }

        if (o.Lln < 0 || o.Uln < 0 || o.Baseline < 0)
        {
            return (null, Invalid(o.Test, $"{info.Name}: reference limits and baseline cannot be negative."));
        }

        return (new Input(info, value, unit, o.Lln, o.Uln, o.Baseline, o.Context ?? ClinicalContext.None), null);
    }

    private static LabGrade Invalid(LabTest test, string message) => new()
    {
        Test = test,
        Error = message,
        Basis = message,
        Source = "CTCAE v5.0",
    };

    private static LabGrade ToGrade(Input input, Assessment a) => a.Error is not null
        ? Invalid(input.Info.Test, a.Error)
        : new LabGrade
        {
            Test = input.Info.Test,
            Term = a.Term,
            Grade = a.Grade,
            Needs = a.Grade is null ? a.Needs : [],
            PossibleGrades = a.Grade is null ? a.Possible : [],
            Basis = a.Basis,
            Source = a.Term is { } t
                ? $"CTCAE v5.0 (NCI, 27 Nov 2017), {Soc(t)}: {CtcaeTerms.Name(t)}"
                : "CTCAE v5.0 (NCI, 27 Nov 2017): a result inside the reference range is grade 0",
            Notes = a.Notes,
        };

    private static string Soc(CtcaeTerm term) => term switch
    {
        CtcaeTerm.Anemia or CtcaeTerm.Leukocytosis => "Blood and lymphatic system disorders",
        CtcaeTerm.Hyponatremia or CtcaeTerm.Hypernatremia or CtcaeTerm.Hypokalemia or CtcaeTerm.Hyperkalemia
            or CtcaeTerm.Hypoglycemia or CtcaeTerm.Hyperglycemia => "Metabolism and nutrition disorders",
        CtcaeTerm.Hypothyroidism or CtcaeTerm.Hyperthyroidism => "Endocrine disorders",
        _ => "Investigations",
    };

    private static Assessment GradeTerm(Input i, CtcaeTerm term) => term switch
    {
        // CTCAE v5.0 ALT/AST increased: normal baseline >ULN–3.0, >3.0–5.0, >5.0–20.0, >20.0 × ULN;
        // abnormal baseline 1.5–3.0 (inclusive floor, as admiral), >3.0–5.0, >5.0–20.0, >20.0 × baseline.
        CtcaeTerm.AlanineAminotransferaseIncreased or CtcaeTerm.AspartateAminotransferaseIncreased =>
            Ratio(i, term, [(1, 1.0m), (2, 3.0m), (3, 5.0m), (4, 20.0m)], new AbnormalBaseline(1.5m, true, [(2, 3.0m), (3, 5.0m), (4, 20.0m)])),
        // CTCAE v5.0 ALP increased: >ULN–2.5, >2.5–5.0, >5.0–20.0, >20.0 × ULN; abnormal baseline 2.0–2.5 × baseline, then as above.
        CtcaeTerm.AlkalinePhosphataseIncreased =>
            Ratio(i, term, [(1, 1.0m), (2, 2.5m), (3, 5.0m), (4, 20.0m)], new AbnormalBaseline(2.0m, true, [(2, 2.5m), (3, 5.0m), (4, 20.0m)])),
        // CTCAE v5.0 Blood bilirubin increased: >ULN–1.5, >1.5–3.0, >3.0–10.0, >10.0 × ULN; abnormal baseline >1.0–1.5 × baseline (strict floor).
        CtcaeTerm.BloodBilirubinIncreased =>
            Ratio(i, term, [(1, 1.0m), (2, 1.5m), (3, 3.0m), (4, 10.0m)], new AbnormalBaseline(1.0m, false, [(2, 1.5m), (3, 3.0m), (4, 10.0m)])),
        // CTCAE v5.0 CPK increased: >ULN–2.5, >2.5–5, >5–10, >10 × ULN.
        CtcaeTerm.CpkIncreased => Ratio(i, term, [(1, 1.0m), (2, 2.5m), (3, 5m), (4, 10m)], null),
        CtcaeTerm.CreatinineIncreased => Creatinine(i),
        CtcaeTerm.LipaseIncreased or CtcaeTerm.SerumAmylaseIncreased => Pancreatic(i, term),
        CtcaeTerm.NeutrophilCountDecreased or CtcaeTerm.PlateletCountDecreased or CtcaeTerm.WhiteBloodCellDecreased
            or CtcaeTerm.LymphocyteCountDecreased or CtcaeTerm.Anemia or CtcaeTerm.Hypoglycemia => LowAbsolute(i, term),
        CtcaeTerm.Leukocytosis => HighAbsolute(i, term),
        CtcaeTerm.LymphocyteCountIncreased => HighAbsolute(i, term),
        CtcaeTerm.HemoglobinIncreased => HaemoglobinIncreased(i),
        CtcaeTerm.Hyponatremia => Hyponatraemia(i),
        CtcaeTerm.Hypokalemia => Hypokalaemia(i),
        CtcaeTerm.Hypernatremia or CtcaeTerm.Hyperkalemia => HighElectrolyte(i, term),
        CtcaeTerm.Hyperglycemia or CtcaeTerm.Hypothyroidism or CtcaeTerm.Hyperthyroidism => Clinical(i, term),
        _ => throw new ArgumentOutOfRangeException(nameof(term), term, "Unknown CTCAE term."),
    };

    private sealed record AbnormalBaseline(decimal Grade1Floor, bool FloorInclusive, (int Grade, decimal Multiple)[] Bands);

    private static Assessment Ratio(Input i, CtcaeTerm term, (int Grade, decimal Multiple)[] bands, AbnormalBaseline? abnormal)
    {
        if (i.Uln is not { } uln)
        {
            return MissingUln(i, term);
        }

        if (uln <= 0)
        {
            return Error($"{i.Info.Name}: the ULN must be above zero.");
        }

        var notes = new List<string>();
        if (abnormal is not null && i.Baseline is { } bl && bl > uln)
        {
            // CTCAE v5.0: "if baseline was abnormal" the bands are multiples of the baseline value.
            var grade = 0;
            if (abnormal.FloorInclusive ? i.Value >= abnormal.Grade1Floor * bl : i.Value > abnormal.Grade1Floor * bl)
            {
                grade = 1;
            }

            foreach (var (g, m) in abnormal.Bands)
            {
                if (i.Value > m * bl)
                {
                    grade = g;
                }
            }

            var basis = $"{Format.Ratio(i.Value / bl)} × baseline (baseline {i.Show(bl)}, above ULN {i.Show(uln)})";
            if (grade == 0 && i.Value > uln)
            {
                basis += $"; below the abnormal-baseline grade 1 floor of {Format.Number(abnormal.Grade1Floor)} × baseline";
            }

            return Graded(term, grade, basis, notes);
        }

        var byUln = 0;
        foreach (var (g, m) in bands)
        {
            if (i.Value > m * uln)
            {
                byUln = g;
            }
        }

        if (abnormal is not null && i.Baseline is null && byUln > 0)
        {
            notes.Add("Baseline not supplied: graded on multiples of ULN, as CTCAE v5.0 does for a normal baseline. If the pre-treatment value was above ULN, CTCAE grades on multiples of the baseline instead.");
        }

        return Graded(term, byUln, $"{Format.Ratio(i.Value / uln)} × ULN (ULN {i.Show(uln)})", notes);
    }

    private static Assessment Creatinine(Input i)
    {
        const CtcaeTerm term = CtcaeTerm.CreatinineIncreased;
        if (i.Uln is not { } uln)
        {
            return MissingUln(i, term);
        }

        if (uln <= 0)
        {
            return Error($"{i.Info.Name}: the ULN must be above zero.");
        }

        // CTCAE v5.0 Creatinine increased: G1 >ULN–1.5 × ULN; G2 >1.5–3.0 × baseline or >1.5–3.0 × ULN;
        // G3 >3.0 × baseline or >3.0–6.0 × ULN; G4 >6.0 × ULN. Whichever criterion gives the higher grade wins (as admiral).
        var byUln = i.Value > 6.0m * uln ? 4 : i.Value > 3.0m * uln ? 3 : i.Value > 1.5m * uln ? 2 : i.Value > uln ? 1 : 0;
        var basis = $"{Format.Ratio(i.Value / uln)} × ULN (ULN {i.Show(uln)})";
        var notes = new List<string>();
        if (i.Baseline is not { } bl)
        {
            notes.Add("Baseline not supplied: graded on the ULN criterion only; CTCAE v5.0 also gives grade 2 above 1.5 × baseline and grade 3 above 3.0 × baseline.");
            return Graded(term, byUln, basis, notes);
        }

        if (bl <= 0)
        {
            return Error($"{i.Info.Name}: the baseline must be above zero.");
        }

        var byBaseline = i.Value > 3.0m * bl ? 3 : i.Value > 1.5m * bl ? 2 : 0;
        basis += $"; {Format.Ratio(i.Value / bl)} × baseline (baseline {i.Show(bl)})";
        if (byBaseline > byUln)
        {
            basis += $"; grade set by the baseline criterion";
            if (i.Value <= uln)
            {
                // clinical-rules.md §7.1: the literal v5 reading grades a rise that is still within the reference range.
                notes.Add("The value is within the reference range; the grade comes from the CTCAE v5.0 baseline criterion read literally (more than 1.5 × baseline). CTCAE v6.0 limits that criterion to baselines below LLN — review clinically.");
            }
        }

        return Graded(term, Math.Max(byUln, byBaseline), basis, notes);
    }

    private static Assessment Pancreatic(Input i, CtcaeTerm term)
    {
        if (i.Uln is not { } uln)
        {
            return MissingUln(i, term);
        }

        if (uln <= 0)
        {
            return Error($"{i.Info.Name}: the ULN must be above zero.");
        }

        // CTCAE v5.0 Lipase / Serum amylase increased: G1 >ULN–1.5; G2 >1.5–2.0, or >2.0–5.0 × ULN if asymptomatic;
        // G3 >2.0–5.0 × ULN with signs or symptoms, or >5.0 × ULN if asymptomatic; G4 >5.0 × ULN with signs or symptoms.
        // admiral assumes symptoms (its COMMENT); MdtReview asks (clinical-rules.md §7.2).
        var basis = $"{Format.Ratio(i.Value / uln)} × ULN (ULN {i.Show(uln)})";
        if (i.Value > 5.0m * uln)
        {
            return Ladder(i, term, 3, basis + "; above 5.0 × ULN: grade 3 if asymptomatic, 4 with signs or symptoms", [(4, GradingInput.Symptomatic)], []);
        }

        if (i.Value > 2.0m * uln)
        {
            return Ladder(i, term, 2, basis + "; >2.0–5.0 × ULN: grade 2 if asymptomatic, 3 with signs or symptoms", [(3, GradingInput.Symptomatic)], []);
        }

        return Graded(term, i.Value > 1.5m * uln ? 2 : i.Value > uln ? 1 : 0, basis, []);
    }

    private sealed record CutOff(int Grade, decimal Below);

    private static CutOff[] LowCutOffs(Input i, CtcaeTerm term)
    {
        var scale = i.Unit?.Scale;
        // Each row: CTCAE v5.0 absolute cut-offs, in the unit system CTCAE prints them for; grade applies when value < cut-off.
        return (term, scale) switch
        {
            // Neutrophil count decreased: <1.5–1.0, <1.0–0.5, <0.5 × 10^9/L (<1500, <1000, <500 /mm3).
            (CtcaeTerm.NeutrophilCountDecreased, CutOffScale.TenToNinePerLitre) => [new(4, 0.5m), new(3, 1.0m), new(2, 1.5m)],
            (CtcaeTerm.NeutrophilCountDecreased, CutOffScale.PerMicrolitre) => [new(4, 500m), new(3, 1000m), new(2, 1500m)],
            // Platelet count decreased: <75.0–50.0, <50.0–25.0, <25.0 × 10^9/L (<75,000, <50,000, <25,000 /mm3).
            (CtcaeTerm.PlateletCountDecreased, CutOffScale.TenToNinePerLitre) => [new(4, 25.0m), new(3, 50.0m), new(2, 75.0m)],
            (CtcaeTerm.PlateletCountDecreased, CutOffScale.PerMicrolitre) => [new(4, 25_000m), new(3, 50_000m), new(2, 75_000m)],
            // White blood cell decreased: <3.0–2.0, <2.0–1.0, <1.0 × 10^9/L (<3000, <2000, <1000 /mm3).
            (CtcaeTerm.WhiteBloodCellDecreased, CutOffScale.TenToNinePerLitre) => [new(4, 1.0m), new(3, 2.0m), new(2, 3.0m)],
            (CtcaeTerm.WhiteBloodCellDecreased, CutOffScale.PerMicrolitre) => [new(4, 1000m), new(3, 2000m), new(2, 3000m)],
            // Lymphocyte count decreased: <0.8–0.5, <0.5–0.2, <0.2 × 10^9/L (<800, <500, <200 /mm3).
            (CtcaeTerm.LymphocyteCountDecreased, CutOffScale.TenToNinePerLitre) => [new(4, 0.2m), new(3, 0.5m), new(2, 0.8m)],
            (CtcaeTerm.LymphocyteCountDecreased, CutOffScale.PerMicrolitre) => [new(4, 200m), new(3, 500m), new(2, 800m)],
            // Anemia: Hgb <100–80 g/L (<10.0–8.0 g/dL; <6.2–4.9 mmol/L) grade 2; <80 g/L (<8.0 g/dL; <4.9 mmol/L) grade 3; grade 4 is clinical only.
            (CtcaeTerm.Anemia, CutOffScale.GramsPerLitre) => [new(3, 80m), new(2, 100m)],
            (CtcaeTerm.Anemia, CutOffScale.GramsPerDecilitre) => [new(3, 8.0m), new(2, 10.0m)],
            (CtcaeTerm.Anemia, CutOffScale.HaemoglobinMillimolesPerLitre) => [new(3, 4.9m), new(2, 6.2m)],
            // Hypoglycemia: <3.0–2.2, <2.2–1.7, <1.7 mmol/L (<55–40, <40–30, <30 mg/dL).
            (CtcaeTerm.Hypoglycemia, CutOffScale.MillimolesPerLitre) => [new(4, 1.7m), new(3, 2.2m), new(2, 3.0m)],
            (CtcaeTerm.Hypoglycemia, CutOffScale.MilligramsPerDecilitre) => [new(4, 30m), new(3, 40m), new(2, 55m)],
            _ => throw new InvalidOperationException($"No CTCAE cut-offs for {term} in {i.Unit?.Symbol ?? "no unit"}."),
        };
    }

    private static Assessment LowAbsolute(Input i, CtcaeTerm term)
    {
        foreach (var c in LowCutOffs(i, term))
        {
            if (i.Value < c.Below)
            {
                return Escalated(i, term, c.Grade, $"{i.Show(i.Value)} is below {i.Show(c.Below)}", LowEscalations(term));
            }
        }

        var g2 = LowCutOffs(i, term)[^1].Below;
        if (i.Lln is not { } lln)
        {
            // Grade 1 is "<LLN – cut-off": without the LLN, 0 and 1 cannot be told apart (clinical-rules.md §1a rule 3; admiral tests 44a, 46a, 58a).
            return new Assessment(term, null, [0, 1], [GradingInput.Lln],
                $"{i.Show(i.Value)} is not below the grade 2 cut-off of {i.Show(g2)}; LLN not supplied, so grade 0 or 1", []);
        }

        return i.Value < lln
            ? Escalated(i, term, 1, $"{i.Show(i.Value)} is below LLN {i.Show(lln)} and not below {i.Show(g2)}", LowEscalations(term))
            : Normal(i);
    }

    private static (int Grade, GradingInput Fact, string Wording)[] LowEscalations(CtcaeTerm term) => term switch
    {
        // Anemia G3 "…; transfusion indicated"; G4 "Life-threatening consequences; urgent intervention indicated" (clinical only).
        CtcaeTerm.Anemia => [(3, GradingInput.InterventionIndicated, "transfusion indicated"), (4, GradingInput.LifeThreatening, "life-threatening consequences")],
        // Hypoglycemia G4 "<1.7 mmol/L; life-threatening consequences; seizures".
        CtcaeTerm.Hypoglycemia => [(4, GradingInput.LifeThreatening, "life-threatening consequences or seizures")],
        _ => [],
    };

    private static Assessment HighAbsolute(Input i, CtcaeTerm term)
    {
        var perMicrolitre = i.Unit?.Scale == CutOffScale.PerMicrolitre;
        if (term == CtcaeTerm.Leukocytosis)
        {
            // Leukocytosis: grade 3 >100,000/mm3 (>100 × 10^9/L); grade 4 clinical (leucostasis).
            var cut = perMicrolitre ? 100_000m : 100m;
            return i.Value > cut
                ? Escalated(i, term, 3, $"{i.Show(i.Value)} is above {i.Show(cut)}", [(4, GradingInput.LifeThreatening, "clinical manifestations of leucostasis")])
                : Graded(term, 0, $"{i.Show(i.Value)} is not above {i.Show(cut)}; CTCAE v5.0 has no grade 1–2 leukocytosis", []);
        }

        // Lymphocyte count increased: grade 2 >4000–20,000/mm3, grade 3 >20,000/mm3; no grade 1 or 4.
        var g3 = perMicrolitre ? 20_000m : 20m;
        var g2 = perMicrolitre ? 4_000m : 4m;
        return i.Value > g3
            ? Graded(term, 3, $"{i.Show(i.Value)} is above {i.Show(g3)}", [])
            : i.Value > g2
                ? Graded(term, 2, $"{i.Show(i.Value)} is above {i.Show(g2)}", [])
                : Graded(term, 0, $"{i.Show(i.Value)} is not above {i.Show(g2)}", []);
    }

    private static Assessment HaemoglobinIncreased(Input i)
    {
        const CtcaeTerm term = CtcaeTerm.HemoglobinIncreased;
        if (i.Uln is not { } uln)
        {
            return MissingUln(i, term);
        }

        // Hemoglobin increased: increase >0–2, >2–4, >4 g/dL above ULN. CTCAE prints g/dL only; g/L is the same
        // criterion ×10 exactly; for mmol/L the excess is converted to g/dL (1 mmol/L = 1.6114 g/dL).
        var excess = i.Value - uln;
        var (perUnit, unitNote) = i.Unit?.Scale switch
        {
            CutOffScale.GramsPerLitre => (excess / 10m, ""),
            CutOffScale.HaemoglobinMillimolesPerLitre => (excess * 1.6114m, " (excess converted to g/dL)"),
            _ => (excess, ""),
        };
        var grade = perUnit > 4m ? 3 : perUnit > 2m ? 2 : perUnit > 0m ? 1 : 0;
        return Graded(term, grade, $"{Format.Number(Math.Round(perUnit, 2))} g/dL above ULN {i.Show(uln)}{unitNote}", []);
    }

    private static Assessment Hyponatraemia(Input i)
    {
        const CtcaeTerm term = CtcaeTerm.Hyponatremia;
        (int, GradingInput, string)[] lifeThreatening = [(4, GradingInput.LifeThreatening, "life-threatening consequences")];
        // CTCAE v5.0 Hyponatremia: G1 <LLN–130; G2 125–129 and asymptomatic; G3 125–129 symptomatic or 120–124
        // regardless of symptoms; G4 <120 mmol/L. admiral assumes symptomatic; MdtReview asks (clinical-rules.md §7.2).
        if (i.Value < 120m)
        {
            return Graded(term, 4, $"{i.Show(i.Value)} is below 120 mmol/L", []);
        }

        if (i.Value < 125m)
        {
            return Escalated(i, term, 3, $"{i.Show(i.Value)} is in the 120–124 mmol/L band (grade 3 regardless of symptoms)", lifeThreatening);
        }

        if (i.Value < 130m)
        {
            return Ladder(i, term, 2, $"{i.Show(i.Value)} is in the 125–129 mmol/L band: grade 2 if asymptomatic, 3 if symptomatic",
                [(3, GradingInput.Symptomatic)], lifeThreatening);
        }

        if (i.Lln is not { } lln)
        {
            return new Assessment(term, null, [0, 1], [GradingInput.Lln], $"{i.Show(i.Value)} is not below 130 mmol/L; LLN not supplied, so grade 0 or 1", []);
        }

        return i.Value < lln
            ? Escalated(i, term, 1, $"{i.Show(i.Value)} is below LLN {i.Show(lln)} and not below 130 mmol/L", lifeThreatening)
            : Normal(i);
    }

    private static Assessment Hypokalaemia(Input i)
    {
        const CtcaeTerm term = CtcaeTerm.Hypokalemia;
        (int, GradingInput, string)[] escalations =
            [(3, GradingInput.Hospitalised, "hospitalisation indicated"), (4, GradingInput.LifeThreatening, "life-threatening consequences")];
        // CTCAE v5.0 Hypokalemia: G1 <LLN–3.0; G2 symptomatic with <LLN–3.0, intervention indicated; G3 <3.0–2.5,
        // hospitalisation indicated; G4 <2.5 mmol/L, life-threatening. admiral assumes symptomatic; MdtReview asks.
        if (i.Value < 2.5m)
        {
            return Graded(term, 4, $"{i.Show(i.Value)} is below 2.5 mmol/L", []);
        }

        if (i.Value < 3.0m)
        {
            return Escalated(i, term, 3, $"{i.Show(i.Value)} is in the <3.0–2.5 mmol/L band", escalations);
        }

        (int, GradingInput)[] symptomFacts = [(2, GradingInput.Symptomatic), (2, GradingInput.InterventionIndicated)];
        if (i.Lln is not { } lln)
        {
            var ifLow = Ladder(i, term, 1, "", symptomFacts, escalations);
            return new Assessment(term, null, Union([0], ifLow), [GradingInput.Lln, .. ifLow.Needs],
                $"{i.Show(i.Value)} is not below 3.0 mmol/L; LLN not supplied, so grade 0, or 1–2 if below LLN", []);
        }

        return i.Value < lln
            ? Ladder(i, term, 1, $"{i.Show(i.Value)} is below LLN {i.Show(lln)} and not below 3.0 mmol/L: grade 1 if asymptomatic, 2 if symptomatic or intervention indicated",
                symptomFacts, escalations)
            : Normal(i);
    }

    private static Assessment HighElectrolyte(Input i, CtcaeTerm term)
    {
        // CTCAE v5.0 Hyperkalemia: >ULN–5.5; >5.5–6.0, intervention initiated; >6.0–7.0, hospitalisation indicated; >7.0 mmol/L, life-threatening.
        // CTCAE v5.0 Hypernatremia: >ULN–150; >150–155, intervention initiated; >155–160, hospitalisation indicated; >160 mmol/L, life-threatening.
        var (g2, g3, g4) = term == CtcaeTerm.Hyperkalemia ? (5.5m, 6.0m, 7.0m) : (150m, 155m, 160m);
        (int, GradingInput, string)[] escalations =
        [
            (2, GradingInput.InterventionIndicated, "intervention initiated"),
            (3, GradingInput.Hospitalised, "hospitalisation indicated"),
            (4, GradingInput.LifeThreatening, "life-threatening consequences"),
        ];
        if (i.Value > g4)
        {
            return Graded(term, 4, $"{i.Show(i.Value)} is above {i.Show(g4)}", []);
        }

        if (i.Value > g3)
        {
            return Escalated(i, term, 3, $"{i.Show(i.Value)} is in the >{Format.Number(g3)}–{Format.Number(g4)} mmol/L band", escalations);
        }

        if (i.Value > g2)
        {
            return Escalated(i, term, 2, $"{i.Show(i.Value)} is in the >{Format.Number(g2)}–{Format.Number(g3)} mmol/L band", escalations);
        }

        if (i.Uln is not { } uln)
        {
            return new Assessment(term, null, [0, 1], [GradingInput.Uln], $"{i.Show(i.Value)} is not above {i.Show(g2)}; ULN not supplied, so grade 0 or 1", []);
        }

        return i.Value > uln
            ? Escalated(i, term, 1, $"{i.Show(i.Value)} is above ULN {i.Show(uln)} and not above {i.Show(g2)}", escalations)
            : Normal(i);
    }

    private static Assessment Clinical(Input i, CtcaeTerm term)
    {
        // CTCAE v5.0 grades these on clinical facts only; the value shows the direction, not the grade
        // (clinical-rules.md §1a rule 5; admiral vignette lab_grading.Rmd; PMC6566424 Table 1 for thyroid).
        var high = term != CtcaeTerm.Hyperthyroidism;
        var limit = high ? i.Uln : i.Lln;
        (int, GradingInput)[] facts = term switch
        {
            // Hyperglycemia: G1 above baseline, no intervention; G2 change in daily management / oral agent started / work-up;
            // G3 insulin started, hospitalisation; G4 life-threatening (clinical-rules.md §1a, wording ⚠ from memory — §7.3).
            CtcaeTerm.Hyperglycemia =>
                [(2, GradingInput.OralAntiglycaemicStarted), (3, GradingInput.InsulinStarted), (3, GradingInput.Hospitalised), (4, GradingInput.LifeThreatening)],
            // Hypothyroidism: G1 asymptomatic; G2 symptomatic, replacement indicated, limits instrumental ADL; G3 severe, limits self-care ADL,
            // hospitalisation; G4 life-threatening.
            CtcaeTerm.Hypothyroidism =>
                [(2, GradingInput.Symptomatic), (2, GradingInput.ThyroidReplacementIndicated), (2, GradingInput.LimitsInstrumentalAdl),
                 (3, GradingInput.LimitsSelfCareAdl), (3, GradingInput.Hospitalised), (4, GradingInput.LifeThreatening)],
            // Hyperthyroidism: as hypothyroidism with suppression therapy in place of replacement.
            _ =>
                [(2, GradingInput.Symptomatic), (2, GradingInput.ThyroidSuppressionIndicated), (2, GradingInput.LimitsInstrumentalAdl),
                 (3, GradingInput.LimitsSelfCareAdl), (3, GradingInput.Hospitalised), (4, GradingInput.LifeThreatening)],
        };
        var note = term == CtcaeTerm.Hyperglycemia
            ? "CTCAE v5.0 grades hyperglycaemia on clinical facts, not on the glucose value. ASCO 2021, CTCAE v4.03 and v6.0 use fasting glucose bands (8.9 / 13.9 / 27.8 mmol/L) instead."
            : "CTCAE v5.0 grades thyroid dysfunction on clinical facts; TSH supports the diagnosis but does not set the grade.";
        var limitName = high ? "ULN" : "LLN";
        if (limit is not { } l)
        {
            var ifAbnormal = Ladder(i, term, 1, "", facts, []);
            return new Assessment(term, null, Union([0], ifAbnormal), [high ? GradingInput.Uln : GradingInput.Lln, .. ifAbnormal.Needs],
                $"{i.Show(i.Value)}; {limitName} not supplied", [note]);
        }

        var beyond = high ? i.Value > l : i.Value < l;
        if (!beyond)
        {
            return Normal(i);
        }

        var basis = $"{i.Show(i.Value)} is {(high ? "above" : "below")} {limitName} {i.Show(l)}; grade set by clinical facts";
        var result = Ladder(i, term, 1, basis, facts, []);
        return result with { Notes = [note, .. result.Notes] };
    }

    private static Assessment Pair(Input i, CtcaeTerm low, CtcaeTerm high, decimal? lowAbsolute, decimal? highAbsolute)
    {
        if (i.Lln is { } lln && i.Value < lln)
        {
            return GradeTerm(i, low);
        }

        if (i.Uln is { } uln && i.Value > uln)
        {
            return GradeTerm(i, high);
        }

        if (lowAbsolute is { } la && i.Value < la)
        {
            return GradeTerm(i, low);
        }

        if (highAbsolute is { } ha && i.Value > ha)
        {
            return GradeTerm(i, high);
        }

        if (i.Lln is not null && i.Uln is not null)
        {
            return Normal(i);
        }

        // A limit is missing and the value is not beyond an absolute cut-off: list the grades each direction would allow.
        var possible = new SortedSet<int> { 0 };
        var needs = new List<GradingInput>();
        if (i.Lln is null)
        {
            needs.Add(GradingInput.Lln);
            var ifLow = GradeTerm(i with { Lln = i.Value + 1m }, low);
            possible.UnionWith(ifLow.Grade is { } g ? [g] : ifLow.Possible);
            needs.AddRange(ifLow.Grade is null ? ifLow.Needs : []);
        }

        if (i.Uln is null)
        {
            needs.Add(GradingInput.Uln);
            var ifHigh = GradeTerm(i with { Uln = Math.Max(0m, i.Value - 1m) }, high);
            possible.UnionWith(ifHigh.Grade is { } g ? [g] : ifHigh.Possible);
            needs.AddRange(ifHigh.Grade is null ? ifHigh.Needs : []);
        }

        return new Assessment(null, null, [.. possible], [.. needs.Distinct()],
            $"{i.Show(i.Value)}; reference limits incomplete, so the direction and grade cannot be decided", []);
    }

    private static Assessment LowOnly(Input i, CtcaeTerm term, string aboveUlnReason)
    {
        var result = GradeTerm(i, term);
        if (result.Grade == 0 && i.Uln is { } uln && i.Value > uln)
        {
            return result with { Term = null, Basis = $"{i.Show(i.Value)} is above ULN {i.Show(uln)}; {aboveUlnReason}" };
        }

        return result;
    }

    private static Assessment MissingUln(Input i, CtcaeTerm term) =>
        new(term, null, [0, 1, 2, 3, 4], [GradingInput.Uln], $"{i.Show(i.Value)}; ULN not supplied: {CtcaeTerms.Name(term)} is graded as a multiple of ULN", []);

    private static Assessment Normal(Input i)
    {
        var range = (i.Lln, i.Uln) switch
        {
            ({ } lo, { } hi) => $"within the reference range {Format.Number(lo)}–{i.Show(hi)}",
            ({ } lo, null) => $"not below LLN {i.Show(lo)}",
            (null, { } hi) => $"not above ULN {i.Show(hi)}",
            _ => "within the reference range",
        };
        return new Assessment(null, 0, [], [], $"{i.Show(i.Value)} is {range}", []);
    }

    private static Assessment Graded(CtcaeTerm term, int grade, string basis, IReadOnlyList<string> notes) =>
        new(grade == 0 ? null : term, grade, [], [], basis, notes);

    private static Assessment Error(string message) => new(null, null, [], [], message, [], message);

    /// <summary>The value sets a grade; clinical facts recorded as true can only raise it (CTCAE ";" means "or").</summary>
    private static Assessment Escalated(Input i, CtcaeTerm term, int valueGrade, string basis, (int Grade, GradingInput Fact, string Wording)[] escalations)
    {
        var grade = valueGrade;
        foreach (var (g, fact, wording) in escalations)
        {
            if (i.Context.Get(fact) == true && g > grade)
            {
                grade = g;
                basis += $"; {wording}";
            }
        }

        var notes = escalations
            .Where(e => e.Grade > grade && i.Context.Get(e.Fact) is null)
            .Select(e => $"CTCAE v5.0 gives grade {e.Grade} if {e.Wording}; not recorded, so the grade is from the value.")
            .ToList();
        return Graded(term, grade, basis, notes);
    }

    /// <summary>
    /// The value sets a floor; <paramref name="required"/> facts decide between grades the value allows and must be
    /// known (null = not gradable); <paramref name="optional"/> facts can only raise the grade when recorded as true.
    /// </summary>
    private static Assessment Ladder(Input i, CtcaeTerm term, int floor, string basis, (int Grade, GradingInput Fact)[] required, (int Grade, GradingInput Fact, string Wording)[] optional)
    {
        var known = floor;
        foreach (var (g, fact) in required.Concat(optional.Select(o => (o.Grade, o.Fact))))
        {
            if (i.Context.Get(fact) == true)
            {
                known = Math.Max(known, g);
            }
        }

        var open = required.Where(r => r.Grade > known && i.Context.Get(r.Fact) is null).ToArray();
        if (open.Length == 0)
        {
            var notes = optional
                .Where(e => e.Grade > known && i.Context.Get(e.Fact) is null)
                .Select(e => $"CTCAE v5.0 gives grade {e.Grade} if {e.Wording}; not recorded.")
                .ToList();
            var facts = required.Concat(optional.Select(o => (o.Grade, o.Fact)))
                .Where(r => i.Context.Get(r.Fact) == true && r.Grade == known)
                .Select(r => Camel(r.Fact))
                .ToList();
            var suffix = known == floor ? "" : $"; {string.Join(", ", facts)} → grade {known}";
            return Graded(term, known, basis + suffix, notes);
        }

        var possible = new SortedSet<int>(open.Select(o => o.Grade)) { known };
        return new Assessment(term, null, [.. possible], [.. open.Select(o => o.Fact).Distinct()],
            basis + "; not gradable from the value alone", []);
    }

    private static int[] Union(int[] extra, Assessment a) =>
        [.. new SortedSet<int>(extra.Concat(a.Grade is { } g ? [g] : a.Possible))];

    private static string Camel(GradingInput input)
    {
        var name = input.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
