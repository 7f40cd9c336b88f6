using System.Text.Json;
using MdtReview.Clinical.Ctcae;
using MdtReview.Clinical.Tests.Support;
using Xunit;

namespace MdtReview.Clinical.Tests.Ctcae;

public sealed class LabTestCatalogueTests
{
    [Theory]
    // clinical-rules.md §6a preferred codes and alternatives.
    [InlineData("1742-6", LabTest.Alt)]
    [InlineData("1920-8", LabTest.Ast)]
    [InlineData("6768-6", LabTest.Alp)]
    [InlineData("1975-2", LabTest.Bilirubin)]
    [InlineData("14631-6", LabTest.Bilirubin)]
    [InlineData("2160-0", LabTest.Creatinine)]
    [InlineData("14682-9", LabTest.Creatinine)]
    [InlineData("2157-6", LabTest.Ck)]
    [InlineData("3040-3", LabTest.Lipase)]
    [InlineData("1798-8", LabTest.Amylase)]
    [InlineData("751-8", LabTest.Neutrophils)]
    [InlineData("777-3", LabTest.Platelets)]
    [InlineData("718-7", LabTest.Haemoglobin)]
    [InlineData("59260-0", LabTest.Haemoglobin)]
    [InlineData("6690-2", LabTest.Wbc)]
    [InlineData("731-0", LabTest.Lymphocytes)]
    [InlineData("2951-2", LabTest.Sodium)]
    [InlineData("2823-3", LabTest.Potassium)]
    [InlineData("2345-7", LabTest.Glucose)]
    [InlineData("14749-6", LabTest.Glucose)]
    [InlineData("3016-3", LabTest.Tsh)]
    public void Loinc_code_finds_its_test(string loinc, LabTest expected) =>
        Assert.Equal(expected, LabTestCatalogue.FindByLoinc(loinc)!.Test);

    [Fact]
    public void Unknown_loinc_code_finds_nothing() => Assert.Null(LabTestCatalogue.FindByLoinc("3024-7"));

    [Fact]
    public void Every_test_in_the_cli_format_has_its_short_code()
    {
        string[] codes = ["ALT", "AST", "ALP", "BILI", "CREAT", "CK", "LIPASE", "AMYLASE", "NEUT", "PLT", "HGB", "WBC", "LYMPH", "NA", "K", "GLUCOSE", "TSH"];

        Assert.Equal(codes.Length, codes.Select(c => LabTestCatalogue.FindByCode(c)!.Test).Distinct().Count());
        Assert.Equal(Enum.GetValues<LabTest>().Length, LabTestCatalogue.All.Count);
    }

    [Theory]
    [InlineData("ALT", "U/L")]
    [InlineData("BILI", "umol/L")]
    [InlineData("BILI", "mg/dL")]
    [InlineData("CREAT", "mg/dL")]
    [InlineData("HGB", "g/L")]
    [InlineData("HGB", "g/dL")]
    [InlineData("HGB", "mmol/L")]
    [InlineData("NEUT", "10^9/L")]
    [InlineData("NEUT", "cells/uL")]
    [InlineData("NEUT", "/mm3")]
    [InlineData("PLT", "GI/L")]
    [InlineData("WBC", "THOU/uL")]
    [InlineData("NA", "mmol/L")]
    [InlineData("K", "mEq/L")]
    [InlineData("GLUCOSE", "mg/dL")]
    [InlineData("TSH", "mIU/L")]
    [InlineData("TSH", "µIU/mL")]
    public void Units_named_in_the_rules_scenarios_format_are_accepted(string code, string unit) =>
        Assert.NotNull(LabTestCatalogue.FindByCode(code)!.FindUnit(unit));

    [Theory]
    [InlineData("BILI", 1, "mg/dL", 17.1)]
    [InlineData("CREAT", 1, "mg/dL", 88.4)]
    [InlineData("HGB", 10, "g/dL", 100)]
    [InlineData("NEUT", 1500, "cells/uL", 1.5)]
    public void Conversion_to_the_canonical_unit_uses_the_factors_of_the_fact_sheet(string code, double value, string unit, double expected) =>
        Assert.Equal((decimal)expected, LabTestCatalogue.FindByCode(code)!.FindUnit(unit)!.ToCanonical((decimal)value));

    [Theory]
    [InlineData("NA", 1400, "mmol/L")]
    [InlineData("K", -1, "mmol/L")]
    [InlineData("PLT", 250000, "10^9/L")]
    public void Value_that_cannot_be_a_result_for_the_test_and_unit_is_rejected(string code, double value, string unit) =>
        Assert.NotNull(LabTestCatalogue.Validate(LabTestCatalogue.FindByCode(code)!.Test, (decimal)value, unit));

    [Theory]
    [InlineData("NA", 128, "mmol/L")]
    [InlineData("PLT", 250000, "cells/uL")]
    [InlineData("HGB", 9.8, "g/dL")]
    public void Plausible_result_is_accepted(string code, double value, string unit) =>
        Assert.Null(LabTestCatalogue.Validate(LabTestCatalogue.FindByCode(code)!.Test, (decimal)value, unit));

    [Theory]
    [InlineData("ctcae-v5-lab-criteria-si.json")]
    [InlineData("ctcae-v5-lab-criteria-conventional.json")]
    public void Term_names_match_the_ctcae_v5_criteria_data_and_clinical_terms_are_absent_from_it(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(TestData.PathOf("ctcae", file)));
        var terms = json.RootElement.EnumerateArray().Select(e => e.GetProperty("TERM").GetString()).ToHashSet();
        CtcaeTerm[] clinical = [CtcaeTerm.Hyperglycemia, CtcaeTerm.Hypothyroidism, CtcaeTerm.Hyperthyroidism];

        foreach (var term in Enum.GetValues<CtcaeTerm>())
        {
            Assert.Equal(!clinical.Contains(term), terms.Contains(CtcaeTerms.Name(term)));
        }
    }
}
