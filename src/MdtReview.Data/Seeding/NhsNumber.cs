using System.Globalization;

namespace MdtReview.Data.Seeding;

/// <summary>
/// NHS numbers: ten digits, the last a modulus-11 check digit over the first nine
/// (NHS Data Dictionary, "NHS Number": weights 10 down to 2; 11 − remainder; 11 becomes 0; 10 is never issued).
/// Seeded numbers come from the 999 000 0000–999 999 9999 range, which NHS England reserves for testing,
/// so demo and synthetic patients can never be mistaken for real ones.
/// </summary>
public static class NhsNumber
{
    /// <summary>True when <paramref name="value"/> is ten digits (spaces allowed, as printed: 999 123 4567) with a valid check digit.</summary>
    public static bool IsValid(string? value)
    {
        if (value is null)
        {
            return false;
        }

        var digits = value.Replace(" ", "", StringComparison.Ordinal);
        if (digits.Length != 10 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var check = CheckDigit(digits.AsSpan(0, 9));
        return check is not null && check == digits[9] - '0';
    }

    /// <summary>The check digit for nine digits, or null when the modulus gives 10 (no valid number has those nine digits).</summary>
    public static int? CheckDigit(ReadOnlySpan<char> nineDigits)
    {
        if (nineDigits.Length != 9)
        {
            throw new ArgumentException("Nine digits are needed.", nameof(nineDigits));
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var d = nineDigits[i] - '0';
            if (d is < 0 or > 9)
            {
                throw new ArgumentException("Only digits are allowed.", nameof(nineDigits));
            }

            sum += d * (10 - i);
        }

        var check = 11 - (sum % 11);
        return check switch
        {
            11 => 0,
            10 => null,
            _ => check,
        };
    }

    /// <summary>
    /// The test-range number 999 + <paramref name="serial"/> (six digits) + check digit, or null when that serial has no
    /// valid check digit (about one in eleven). Callers walk a counter and skip the nulls, which keeps numbers unique.
    /// </summary>
    public static string? TestRangeNumber(int serial)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 999_999);
        var nine = "999" + serial.ToString("D6", CultureInfo.InvariantCulture);
        var check = CheckDigit(nine);
        return check is null ? null : nine + (char)('0' + check.Value);
    }

    /// <summary>The next valid test-range number at or after <paramref name="serial"/>; advances the serial past it.</summary>
    public static string NextTestRangeNumber(ref int serial)
    {
        while (true)
        {
            var number = TestRangeNumber(serial++);
            if (number is not null)
            {
                return number;
            }
        }
    }

    /// <summary>
    /// Formats ten digits the way the NHS prints them: 3 3 4, e.g. 999 123 4567 (NHS Digital, "NHS number" standard,
    /// display format). Anything else is returned as stored,
    /// null stays null, so every screen and letter shows the same number the same way.
    /// </summary>
    public static string? Format(string? digits) =>
        digits is { Length: 10 } ? $"{digits[..3]} {digits[3..6]} {digits[6..]}" : digits;
}
