using System.Globalization;

namespace MdtReview.Clinical.Ctcae;

/// <summary>Number formatting for bases and messages: invariant culture, no trailing zeros.</summary>
internal static class Format
{
    public static string Number(decimal value) =>
        value.ToString("0.############################", CultureInfo.InvariantCulture);

    public static string Ratio(decimal value) =>
        Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture);

    public static string WithUnit(decimal value, LabUnit? unit) =>
        unit is null ? Number(value) : $"{Number(value)} {unit.Symbol}";
}
