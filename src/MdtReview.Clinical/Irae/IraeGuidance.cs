namespace MdtReview.Clinical.Irae;

/// <summary>
/// Recommended action on the checkpoint inhibitor for an irAE: the organ rule where ASCO 2021 gives one, else the
/// general grade rule (clinical-rules.md §4: <c>action = organRule(irAE, grade, context) ?? generalRule(grade)</c>).
/// Sources: Schneider BJ et al., ASCO guideline update, J Clin Oncol 2021;39(36):4073-4126 [S8]; NCCN/SITC general
/// rule as summarised in PMC7222289 Table 2 [S11]; ESE 2022 for endocrine [S10].
/// </summary>
public static class IraeGuidance
{
    private const string Asco = "ASCO 2021 (Schneider et al., J Clin Oncol 2021;39:4073-4126)";
    private const string ResumeNote = "Consider resuming when the irAE is grade ≤1 and prednisone ≤10 mg/day (clinical-rules.md §4).";

    /// <summary>Recommends the action on the checkpoint inhibitor.</summary>
    /// <param name="category">The irAE category.</param>
    /// <param name="grade">The grade 1–4, as the guideline grades that category.</param>
    /// <param name="context">Optional facts used by organ rules.</param>
    /// <returns>The recommendation with every action the guideline allows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When the grade is not 1–4.</exception>
    public static IraeRecommendation Recommend(IraeCategory category, int grade, IraeContext? context = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(grade, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(grade, 4);
        var c = context ?? IraeContext.None;
        return category switch
        {
            IraeCategory.Hepatitis => Hepatitis(grade, c),
            IraeCategory.Pneumonitis => Pneumonitis(grade),
            IraeCategory.Colitis => Colitis(grade, c),
            IraeCategory.Nephritis => Nephritis(grade, c),
            IraeCategory.Myocarditis => Myocarditis(grade),
            IraeCategory.Hypothyroidism or IraeCategory.Hyperthyroidism or IraeCategory.Hypophysitis
                or IraeCategory.AdrenalInsufficiency or IraeCategory.Diabetes => Endocrine(category, grade, c),
            _ => General(category, grade),
        };
    }

    /// <summary>The general grade rule: G1 continue, G2 hold, G3 hold, G4 permanently discontinue.</summary>
    /// <param name="category">The category it is applied to (for the record).</param>
    /// <param name="grade">Grade 1–4.</param>
    /// <returns>The recommendation.</returns>
    public static IraeRecommendation General(IraeCategory category, int grade)
    {
        // ASCO 2021 recommendations (general approach); NCCN/SITC per PMC7222289 Table 2.
        const string source = Asco + ", general recommendations; NCCN/SITC (PMC7222289 Table 2)";
        List<string> notes = [];
        if (category is not IraeCategory.Other)
        {
            notes.Add($"No organ-specific rule is modelled for {category}; the general grade rule applies.");
        }

        return grade switch
        {
            // Exception named in the general rule: some neurological, haematological and cardiac irAEs are held even at G1.
            1 when category is IraeCategory.Neurological or IraeCategory.Haematological =>
                new(category, 1, IraeAction.Continue, [IraeAction.Hold], source,
                    "Grade 1: continue with close monitoring; some neurological and haematological irAEs are held even at grade 1", notes),
            1 => new(category, 1, IraeAction.Continue, [], source, "Grade 1: continue with close monitoring", notes),
            2 => new(category, 2, IraeAction.Hold, [], source, "Grade 2: hold; consider resuming when grade ≤1", [.. notes, ResumeNote]),
            3 => new(category, 3, IraeAction.Hold, [], source, "Grade 3: hold and start high-dose corticosteroids", [.. notes, ResumeNote]),
            _ => new(category, 4, IraeAction.Discontinue, [], source, "Grade 4: permanently discontinue", notes),
        };
    }

    private static IraeRecommendation Hepatitis(int stated, IraeContext c)
    {
        const string source = Asco + ", Table 2 §2.2 (hepatitis)";
        // ASCO hepatitis grades on AST/ALT: G1 >ULN–3×, G2 >3–5×, G3 >5–20×, G4 >20× ULN.
        var band = c.AltTimesUln switch
        {
            > 20m => 4,
            > 5m => 3,
            > 3m => 2,
            > 1m => 1,
            _ => 0,
        };
        var grade = Math.Max(stated, band);
        var raised = grade > stated ? $" (ALT {c.AltTimesUln:0.##} × ULN is ASCO hepatitis grade {grade})" : "";
        List<string> notes = [];
        switch (grade)
        {
            case 1:
                return new(IraeCategory.Hepatitis, 1, IraeAction.Continue, [], source, $"Grade 1{raised}: continue; check LFTs 1–2 times a week", notes);
            case 2:
                return new(IraeCategory.Hepatitis, 2, IraeAction.Hold, [], source, $"Grade 2{raised}: hold; prednisone 0.5–1 mg/kg if no improvement in 3–5 days", [ResumeNote]);
            case 3:
                // clinical-rules.md §7.8: ASCO 2021 says "consider" discontinuing when asymptomatic; ASCO 2018 said discontinue.
                notes.Add("Ambiguity: ASCO 2021 says consider permanent discontinuation for asymptomatic grade 3; ASCO 2018 and some drug labels differ (clinical-rules.md §7.8).");
                return c.SymptomaticLiverDysfunction switch
                {
                    true => new(IraeCategory.Hepatitis, 3, IraeAction.Discontinue, [], source, $"Grade 3{raised} with symptomatic liver dysfunction: permanently discontinue", notes),
                    false => new(IraeCategory.Hepatitis, 3, IraeAction.Hold, [IraeAction.Discontinue], source, $"Grade 3{raised}, asymptomatic: hold; consider permanent discontinuation", notes),
                    null => new(IraeCategory.Hepatitis, 3, IraeAction.Discontinue, [IraeAction.Hold], source,
                        $"Grade 3{raised}: permanently discontinue if symptomatic; consider discontinuing (or hold) if asymptomatic — symptoms not recorded", notes),
                };
            default:
                return new(IraeCategory.Hepatitis, 4, IraeAction.Discontinue, [], source, $"Grade 4{raised}: permanently discontinue; methylprednisolone 2 mg/kg", notes);
        }
    }

    private static IraeRecommendation Pneumonitis(int grade)
    {
        const string source = Asco + ", Table 3 §3.1 (pneumonitis); PMC7518129";
        return grade switch
        {
            // clinical-rules.md §7.9: ASCO allows holding or continuing with close monitoring at grade 1.
            1 => new(IraeCategory.Pneumonitis, 1, IraeAction.Hold, [IraeAction.Continue], source,
                "Grade 1: hold, or continue with close monitoring; resume if imaging improves", []),
            2 => new(IraeCategory.Pneumonitis, 2, IraeAction.Hold, [], source,
                "Grade 2: hold until grade ≤1; prednisone 1–2 mg/kg; treat as grade 3 if no improvement in 48–72 h", [ResumeNote]),
            _ => new(IraeCategory.Pneumonitis, grade, IraeAction.Discontinue, [], source, $"Grade {grade}: permanently discontinue", []),
        };
    }

    private static IraeRecommendation Colitis(int grade, IraeContext c)
    {
        const string source = Asco + ", Table 2 §2.1 (colitis/diarrhoea)";
        return grade switch
        {
            // clinical-rules.md §7.9: continuing is ASCO's first-line advice at grade 1; a temporary hold is only an option.
            1 => new(IraeCategory.Colitis, 1, IraeAction.Continue, [], source, "Grade 1: continue (a temporary hold is an option)", []),
            2 => new(IraeCategory.Colitis, 2, IraeAction.Hold, [], source, "Grade 2: hold at least until grade ≤1; prednisone 1 mg/kg unless transient", [ResumeNote]),
            3 => c.AntiCtla4 switch
            {
                false => new(IraeCategory.Colitis, 3, IraeAction.Hold, [], source,
                    "Grade 3 on anti-PD-(L)1: hold; steroids 1–2 mg/kg; anti-PD-(L)1 may be resumed after recovery", [ResumeNote]),
                _ => new(IraeCategory.Colitis, 3, IraeAction.Hold, [IraeAction.Discontinue], source,
                    c.AntiCtla4 == true
                        ? "Grade 3 on anti-CTLA-4: hold; steroids 1–2 mg/kg; consider permanently stopping anti-CTLA-4"
                        : "Grade 3: hold; steroids 1–2 mg/kg; consider permanently stopping anti-CTLA-4 (agent not recorded); anti-PD-(L)1 may be resumed after recovery",
                    [ResumeNote]),
            },
            _ => new(IraeCategory.Colitis, 4, IraeAction.Discontinue, [], source, "Grade 4: permanently discontinue", []),
        };
    }

    private static IraeRecommendation Nephritis(int stated, IraeContext c)
    {
        const string source = Asco + ", Table 6 §6.1–6.2 (nephritis/AKI); PMC8664750 Table 1";
        // ASCO AKI grading on baseline creatinine: G1 1.5–2×, G2 >2–3×, G3 >3×, G4 ≥6× or dialysis indicated.
        var band = c.DialysisIndicated == true ? 4 : c.CreatinineTimesBaseline switch
        {
            >= 6m => 4,
            > 3m => 3,
            > 2m => 2,
            >= 1.5m => 1,
            _ => 0,
        };
        var grade = Math.Max(stated, band);
        var raised = grade > stated ? " (creatinine or dialysis puts it in a higher ASCO band)" : "";
        return grade switch
        {
            // clinical-rules.md §7.9: "consider temporarily holding" at grade 1, so continuing is also defensible.
            1 => new(IraeCategory.Nephritis, 1, IraeAction.Hold, [IraeAction.Continue], source,
                "Grade 1: consider temporarily holding while other causes are excluded", []),
            2 => new(IraeCategory.Nephritis, 2, IraeAction.Hold, [], source,
                $"Grade 2{raised}: hold; prednisone 0.5–1 mg/kg if no other cause; resume after steroid taper once grade ≤1", [ResumeNote]),
            // clinical-rules.md §7.7: grade 3 discontinuation is from ASCO 2018 and secondary summaries; the 2021 cell was not readable.
            3 => new(IraeCategory.Nephritis, 3, IraeAction.Discontinue, [], source, $"Grade 3{raised}: permanently discontinue",
                ["Grade 3 action taken from ASCO 2018 and secondary summaries; the ASCO 2021 cell could not be checked (clinical-rules.md §7.7)."]),
            _ => new(IraeCategory.Nephritis, 4, IraeAction.Discontinue, [], source, $"Grade 4{raised}: permanently discontinue", []),
        };
    }

    private static IraeRecommendation Myocarditis(int grade)
    {
        const string source = Asco + ", Table 9 §9.1 (myocarditis)";
        return grade == 1
            ? new(IraeCategory.Myocarditis, 1, IraeAction.Hold, [], source,
                "Grade 1 (abnormal biomarkers only): hold; recheck troponin; may resume if it normalises or is unrelated", [])
            : new(IraeCategory.Myocarditis, grade, IraeAction.Discontinue, [], source,
                $"Grade {grade}: permanently discontinue; early high-dose corticosteroids", []);
    }

    private static IraeRecommendation Endocrine(IraeCategory category, int stated, IraeContext c)
    {
        var (source, band, bandNote) = category switch
        {
            // ASCO primary hypothyroidism: G1 TSH <10 mIU/L asymptomatic; G2 TSH persistently >10 or moderate symptoms.
            IraeCategory.Hypothyroidism => (Asco + ", Table 4 §4.1.1 (primary hypothyroidism); ESE 2022", c.TshMiuPerL > 10m ? 2 : 0, "TSH above 10 mIU/L"),
            IraeCategory.Hyperthyroidism => (Asco + ", Table 4 §4.1.2 (thyrotoxicosis); ESE 2022", 0, ""),
            // ASCO immune diabetes: G2 fasting >8.9–13.9, G3 >13.9–27.8, G4 >27.8 mmol/L.
            IraeCategory.Diabetes => (Asco + ", Table 4 §4.4 (diabetes); ESE 2022",
                c.FastingGlucoseMmolPerL switch { > 27.8m => 4, > 13.9m => 3, > 8.9m => 2, _ => 0 }, "fasting glucose"),
            _ => (Asco + ", Table 4 §4.2–4.3 (hypophysitis / adrenal insufficiency); ESE 2022", 0, ""),
        };
        var grade = Math.Max(stated, band);
        var raised = grade > stated ? $" ({bandNote} puts it in ASCO grade {grade})" : "";
        List<string> notes = [];
        if (category is IraeCategory.Hypophysitis or IraeCategory.AdrenalInsufficiency)
        {
            notes.Add("Hypophysitis / adrenal insufficiency detail not re-read in the source (clinical-rules.md §4 ⚠).");
        }

        // Endocrinopathy exception (ASCO 2021; ESE 2022): never permanent discontinuation for the endocrinopathy itself.
        // At grade 2 the guideline's hold lasts "until stable on replacement" (or glucose controlled), so a controlled
        // patient resumes. At grades 3–4 it stays a hold: the grade-4 row is "hold, not discontinue" and resuming follows
        // the general rule (irAE ≤ grade 1), which a grade 3–4 event does not meet however well replaced (clinical-rules.md §4).
        var replaced = category == IraeCategory.Diabetes ? c.OnInsulin ?? c.OnHormoneReplacement : c.OnHormoneReplacement;
        if (grade == 2 && replaced == true && c.Controlled == true)
        {
            return new(category, grade, IraeAction.Continue, [], source,
                $"Grade {grade}{raised}: controlled on replacement — continue (resume); endocrinopathies are not a reason to stop permanently", notes);
        }

        var held = "hold until stable on replacement, then resume; not a reason for permanent discontinuation";
        return (category, grade) switch
        {
            (_, 1) => new(category, 1, IraeAction.Continue, [], source, "Grade 1: continue", notes),
            // clinical-rules.md §7.9: ASCO allows continuing or holding at grade 2 hypothyroidism and thyrotoxicosis; "may hold" in diabetes.
            (IraeCategory.Hypothyroidism, 2) => new(category, 2, IraeAction.Continue, [IraeAction.Hold], source,
                $"Grade 2{raised}: continue, or hold until symptoms settle; start levothyroxine", notes),
            (IraeCategory.Hyperthyroidism, 2) => new(category, 2, IraeAction.Continue, [IraeAction.Hold], source,
                "Grade 2: consider holding until symptoms settle; beta-blocker", notes),
            (IraeCategory.Diabetes, 2) => new(category, 2, IraeAction.Continue, [IraeAction.Hold], source,
                $"Grade 2{raised}: may hold until glucose is controlled; insulin", notes),
            (_, 2) => new(category, 2, IraeAction.Hold, [], source, $"Grade 2: {held}", notes),
            _ => new(category, grade, IraeAction.Hold, [], source, $"Grade {grade}{raised}: {held} (endocrinopathy exception to the grade 4 rule)", notes),
        };
    }
}
