using System.Globalization;
using MdtReview.Web.Features.Patients.Services;

namespace MdtReview.Web.Features.Patients.Components;

/// <summary>Display text shared by the lab components.</summary>
internal static class LabText
{
    public static string Range(LabValueView v) => (v.Lln, v.Uln) switch
    {
        (null, null) => "not recorded",
        ({ } lo, { } hi) => $"{N(lo)}–{N(hi)} {v.Unit}",
        ({ } lo, null) => $"≥ {N(lo)} {v.Unit}",
        (null, { } hi) => $"≤ {N(hi)} {v.Unit}",
    };

    public static string Flag(LabRangeStatus flag) => flag switch
    {
        LabRangeStatus.Low => "Low",
        LabRangeStatus.High => "High",
        LabRangeStatus.Normal => "Normal",
        _ => "No range",
    };

    public static string N(decimal v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
