using System.Globalization;
using MdtReview.Clinical.Ctcae;

namespace MdtReview.Clinical.Tests.Ctcae;

/// <summary>Short-hand for building and grading observations in tests.</summary>
internal static class Lab
{
    public static LabGrade Grade(string code, decimal value, string? unit, decimal? lln = null, decimal? uln = null, decimal? baseline = null, ClinicalContext? context = null) =>
        CtcaeGrader.Grade(new LabObservation(LabTestCatalogue.FindByCode(code)!.Test, value, unit, lln, uln, baseline, context));

    /// <summary>Parses "-" as null, anything else as an invariant decimal.</summary>
    public static decimal? N(string s) => s == "-" ? null : decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static string Fmt(decimal d) => d.ToString("0.############################", CultureInfo.InvariantCulture);

    public static ClinicalContext AllFacts(bool value) => new()
    {
        Symptomatic = value,
        InterventionIndicated = value,
        Hospitalised = value,
        LimitsInstrumentalAdl = value,
        LimitsSelfCareAdl = value,
        LifeThreatening = value,
        ThyroidReplacementIndicated = value,
        ThyroidSuppressionIndicated = value,
        OralAntiglycaemicStarted = value,
        InsulinStarted = value,
    };
}
