using BuildXpert.ServiceDefaults.Api;

namespace BuildXpert.UnitTests;

public class RupeesTests
{
    [Theory]
    [InlineData("0", "₹0")]
    [InlineData("999.99", "₹999")]
    [InlineData("1500", "₹1,500")]
    [InlineData("12345.5", "₹12,345")]
    [InlineData("123456", "₹1,23,456")]
    [InlineData("10000000", "₹1,00,00,000")]
    [InlineData("-1.5", "-₹2")]
    public void Amounts_are_whole_rupees_rounded_down_with_indian_grouping(string amount, string expected)
        => Assert.Equal(expected, Rupees.Format(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
}
