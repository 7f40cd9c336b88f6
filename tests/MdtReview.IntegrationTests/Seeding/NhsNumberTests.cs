using MdtReview.Data.Seeding;

namespace MdtReview.IntegrationTests.Seeding;

/// <summary>NHS numbers: ten digits with a modulus-11 check digit (NHS Data Dictionary).</summary>
public sealed class NhsNumberTests
{
    [Theory]
    [InlineData("9434765919")]
    [InlineData("943 476 5919")]
    [InlineData("9990000018")]
    public void A_number_with_the_right_check_digit_is_valid(string number) => Assert.True(NhsNumber.IsValid(number));

    [Theory]
    [InlineData("9434765918")]
    [InlineData("943476591")]
    [InlineData("94347659190")]
    [InlineData("94347A5919")]
    [InlineData("")]
    [InlineData(null)]
    public void A_wrong_check_digit_length_or_character_is_invalid(string? number) => Assert.False(NhsNumber.IsValid(number));

    [Fact]
    public void Nine_digits_whose_remainder_gives_ten_have_no_valid_number()
    {
        // About one stem in eleven gives 11 − remainder = 10, which is never issued.
        var serial = Enumerable.Range(0, 100).First(s => NhsNumber.TestRangeNumber(s) is null);
        var nine = "999" + serial.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Null(NhsNumber.CheckDigit(nine));
        Assert.All(Enumerable.Range(0, 10), d => Assert.False(NhsNumber.IsValid(nine + d)));
    }

    [Fact]
    public void Walking_the_test_range_gives_unique_valid_numbers()
    {
        var serial = 0;
        var numbers = Enumerable.Range(0, 500).Select(_ => NhsNumber.NextTestRangeNumber(ref serial)).ToList();
        Assert.All(numbers, n => Assert.True(NhsNumber.IsValid(n)));
        Assert.Equal(500, numbers.Distinct().Count());
    }
}
