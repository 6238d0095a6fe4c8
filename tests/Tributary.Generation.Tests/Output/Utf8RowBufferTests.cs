using System.Globalization;
using System.Text;
using Tributary.Generation.Output;

namespace Tributary.Generation.Tests.Output;

public class Utf8RowBufferTests
{
    [Theory]
    [InlineData(0f, "0")]
    [InlineData(1f, "1")]
    [InlineData(69f, "69")]
    [InlineData(100f, "100")]
    [InlineData(16777216f, "16777216")]
    [InlineData(0.5f, "0.5")]
    [InlineData(-0.5f, "-0.5")]
    [InlineData(0.25f, "0.25")]
    [InlineData(3.14159265f, "3.1416")]
    [InlineData(-3.14159265f, "-3.1416")]
    [InlineData(0.00004f, "0")]
    [InlineData(-0.00004f, "0")]
    [InlineData(0.0001f, "0.0001")]
    [InlineData(0.001f, "0.001")]
    [InlineData(12.3f, "12.3")]
    [InlineData(-7f, "-7")]
    [InlineData(1e9f, "1000000000")]
    [InlineData(float.NaN, "0")]
    [InlineData(float.PositiveInfinity, "0")]
    [InlineData(float.NegativeInfinity, "0")]
    public void A_feature_is_written_rounded_to_four_decimals_without_trailing_zeros(float value, string expected)
    {
        Assert.Equal(expected, Feature(value));
    }

    [Fact]
    public void Negative_zero_is_written_as_zero() => Assert.Equal("0", Feature(-0f));

    [Fact]
    public void Features_of_every_magnitude_match_decimal_formatting_of_the_rounded_value()
    {
        var random = new System.Random(23);
        for (var i = 0; i < 200_000; i++)
        {
            // Magnitudes from 1e-6 to 1e10, both signs, and a share of whole numbers like the flag and count features.
            var magnitude = Math.Pow(10, (random.NextDouble() * 16) - 6);
            var value = (float)(random.Next(2) == 0 ? magnitude : -magnitude);
            if (i % 5 == 0)
            {
                value = MathF.Round(value);
            }

            Assert.Equal(Reference(value), Feature(value));
        }
    }

    [Fact]
    public void All_features_of_a_row_go_out_with_their_separators()
    {
        using var stream = new MemoryStream();
        using (var buffer = new Utf8RowBuffer(stream))
        {
            buffer.WriteFeatures([1f, 0.5f, -2.25f, 0f], (byte)',');
            buffer.Flush();
        }

        Assert.Equal(",1,0.5,-2.25,0", Encoding.ASCII.GetString(stream.ToArray()));
    }

    [Theory]
    [InlineData(0L, 1, "0")]
    [InlineData(7L, 2, "07")]
    [InlineData(42L, 12, "000000000042")]
    [InlineData(123456789012L, 12, "123456789012")]
    [InlineData(1234567890123L, 12, "1234567890123")]
    [InlineData(long.MaxValue, 1, "9223372036854775807")]
    public void Padded_integers_have_at_least_the_digits_asked_for(long value, int digits, string expected)
    {
        using var stream = new MemoryStream();
        using (var buffer = new Utf8RowBuffer(stream))
        {
            buffer.WritePadded(value, digits);
            buffer.Flush();
        }

        Assert.Equal(expected, Encoding.ASCII.GetString(stream.ToArray()));
    }

    private static string Feature(float value)
    {
        using var stream = new MemoryStream();
        using (var buffer = new Utf8RowBuffer(stream))
        {
            buffer.WriteFeature(value);
            buffer.Flush();
        }

        return Encoding.ASCII.GetString(stream.ToArray());
    }

    // The definition: the value rounded half-to-even to 4 decimals (as a double), printed with the zeros trimmed.
    private static string Reference(float value)
    {
        if (!float.IsFinite(value))
        {
            return "0";
        }

        var scaled = (long)Math.Round(value * 10_000.0);
        return (scaled / 10_000m).ToString("0.####", CultureInfo.InvariantCulture);
    }
}
