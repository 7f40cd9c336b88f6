using System.Globalization;

namespace MdtReview.Clinical.Recist;

/// <summary>
/// The response codes as clinicians and CDISC write them ("NON_CR_NON_PD", "iUPD"), and the number formats used in
/// every basis line, so the web app, the CLI and the tests show the same words.
/// </summary>
public static class ResponseText
{
    /// <summary>RECIST 1.1 code: CR, PR, SD, PD, NE or NON_CR_NON_PD.</summary>
    /// <param name="response">The response.</param>
    public static string Code(Recist11Response response) => response switch
    {
        Recist11Response.NonCRNonPD => "NON_CR_NON_PD",
        _ => response.ToString(),
    };

    /// <summary>iRECIST code: iCR, iPR, iSD, iUPD, iCPD, iNE or NON_iCR_NON_iUPD.</summary>
    /// <param name="response">The response.</param>
    public static string Code(IrecistResponse response) => response switch
    {
        IrecistResponse.ICR => "iCR",
        IrecistResponse.IPR => "iPR",
        IrecistResponse.ISD => "iSD",
        IrecistResponse.IUPD => "iUPD",
        IrecistResponse.ICPD => "iCPD",
        IrecistResponse.INE => "iNE",
        _ => "NON_iCR_NON_iUPD",
    };

    /// <summary>
    /// Reads a RECIST 1.1 code as written by this app or by CDISC SDTM (RSSTRESC), e.g. "NON-CR/NON-PD".
    /// </summary>
    /// <param name="code">The code.</param>
    /// <param name="response">The response when the code is known.</param>
    public static bool TryParseRecist11(string? code, out Recist11Response response)
    {
        var key = Normalise(code);
        (var found, response) = key switch
        {
            "CR" => (true, Recist11Response.CR),
            "PR" => (true, Recist11Response.PR),
            "SD" => (true, Recist11Response.SD),
            "PD" => (true, Recist11Response.PD),
            "NE" => (true, Recist11Response.NE),
            "NONCRNONPD" => (true, Recist11Response.NonCRNonPD),
            _ => (false, default),
        };
        return found;
    }

    /// <summary>
    /// Reads an iRECIST code as written by this app or by CDISC SDTM, e.g. "NON-iCR/NON-iUPD"; "NE" is read as iNE.
    /// </summary>
    /// <param name="code">The code.</param>
    /// <param name="response">The response when the code is known.</param>
    public static bool TryParseIrecist(string? code, out IrecistResponse response)
    {
        var key = Normalise(code);
        (var found, response) = key switch
        {
            "ICR" => (true, IrecistResponse.ICR),
            "IPR" => (true, IrecistResponse.IPR),
            "ISD" => (true, IrecistResponse.ISD),
            "IUPD" => (true, IrecistResponse.IUPD),
            "ICPD" => (true, IrecistResponse.ICPD),
            "INE" or "NE" => (true, IrecistResponse.INE),
            "NONICRNONIUPD" => (true, IrecistResponse.NonICRNonIUPD),
            _ => (false, default),
        };
        return found;
    }

    private static string Normalise(string? code) =>
        code is null
            ? string.Empty
            : new string(code.Where(char.IsLetter).ToArray()).ToUpperInvariant();

    internal static string Mm(decimal value) => Number(value) + " mm";

    internal static string Number(decimal value) =>
        value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Signed percentage to one decimal place with a true minus sign, e.g. "−30%", "+27.3%", "0%".</summary>
    internal static string SignedPercent(decimal percent)
    {
        var rounded = Math.Round(percent, 1, MidpointRounding.AwayFromZero);
        var text = Math.Abs(rounded).ToString("0.#", CultureInfo.InvariantCulture) + "%";
        return rounded switch
        {
            < 0 => "\u2212" + text,
            > 0 => "+" + text,
            _ => text,
        };
    }

    /// <summary>Signed millimetres, e.g. "+15 mm", "−4.9 mm".</summary>
    internal static string SignedMm(decimal value) => value switch
    {
        < 0 => "\u2212" + Mm(-value),
        > 0 => "+" + Mm(value),
        _ => Mm(0),
    };
}
