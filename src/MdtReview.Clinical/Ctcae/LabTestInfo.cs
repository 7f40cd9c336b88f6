namespace MdtReview.Clinical.Ctcae;

/// <summary>One entry of the lab-test catalogue: how MdtReview names, codes and accepts a test.</summary>
/// <param name="Test">The test.</param>
/// <param name="Code">Short code used in the app and in <c>rules evaluate</c> (e.g. "ALT", "NEUT").</param>
/// <param name="Name">Name for display.</param>
/// <param name="Loinc">Preferred LOINC code (clinical-rules.md §6a).</param>
/// <param name="AlternativeLoincs">Other LOINC codes that denote the same test (other methods, specimen or unit kind).</param>
/// <param name="CanonicalUnit">The SI unit MdtReview stores and converts to.</param>
/// <param name="AcceptedUnits">Every unit a result may be entered in; the canonical unit is the first.</param>
/// <param name="PlausibleMinimum">Lowest result, in the canonical unit, a laboratory could report for a living patient.</param>
/// <param name="PlausibleMaximum">Highest such result, in the canonical unit.</param>
/// <param name="UnitOptional">True when every CTCAE criterion of the test is a multiple of ULN or baseline, so the grade does not depend on the unit.</param>
/// <param name="CodeAliases">Other short codes that mean this test (e.g. the CDISC SDTM LBTESTCD "PLAT" for "PLT").</param>
public sealed record LabTestInfo(
    LabTest Test,
    string Code,
    string Name,
    string Loinc,
    IReadOnlyList<string> AlternativeLoincs,
    LabUnit CanonicalUnit,
    IReadOnlyList<LabUnit> AcceptedUnits,
    decimal PlausibleMinimum,
    decimal PlausibleMaximum,
    bool UnitOptional,
    IReadOnlyList<string> CodeAliases)
{
    /// <summary>Finds the accepted unit matching a unit string, or null when the unit does not fit this test.</summary>
    /// <param name="unit">The unit as reported.</param>
    /// <returns>The matching unit, or null.</returns>
    public LabUnit? FindUnit(string? unit) =>
        string.IsNullOrWhiteSpace(unit) ? null : AcceptedUnits.FirstOrDefault(u => u.Matches(unit));
}
