using System.Buffers.Text;

namespace Tributary.Reconciliation.Records;

/// <summary>
/// Parses a decimal from UTF-8 exactly as <see cref="Utf8Parser"/> does (same value and same scale, so "1.50" stays
/// 1.50), with a fast path for the plain form nearly every input uses: an optional minus, at most 18 digits and at most
/// one point with digits on both sides. Everything else (exponents, a plus sign, longer mantissas) goes to Utf8Parser.
/// </summary>
internal static class DecimalText
{
    /// <summary>Parses all of <paramref name="s"/>; false when it is not a number.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> s, out decimal value)
    {
        var i = 0;
        var negative = false;
        if (s.Length > 0 && s[0] == '-')
        {
            negative = true;
            i = 1;
        }

        ulong mantissa = 0;
        int digits = 0, whole = 0, scale = 0;
        var point = false;
        for (; i < s.Length; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d <= 9)
            {
                if (digits == 18)
                {
                    return Slow(s, out value);
                }

                mantissa = (mantissa * 10) + d;
                digits++;
                if (point)
                {
                    scale++;
                }
                else
                {
                    whole++;
                }
            }
            else if (s[i] == '.' && !point)
            {
                point = true;
            }
            else
            {
                return Slow(s, out value);
            }
        }

        if (whole == 0 || (point && scale == 0))
        {
            return Slow(s, out value);
        }

        value = new decimal((int)mantissa, (int)(mantissa >> 32), 0, negative, (byte)scale);
        return true;
    }

    private static bool Slow(ReadOnlySpan<byte> s, out decimal value) =>
        Utf8Parser.TryParse(s, out value, out var used) && used == s.Length;
}
