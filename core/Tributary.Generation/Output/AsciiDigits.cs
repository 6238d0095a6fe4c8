using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tributary.Generation.Output;

/// <summary>
/// Decimal digits written straight into a byte buffer, two at a time from a 200-byte table, the way dotnet/runtime's
/// Number.Formatting does. Callers guarantee the room (a row's bytes are bounded and checked once per row), so the
/// writes go through refs without a bounds check per digit: a features row formats 69 values, and the checks and
/// span slicing were a third of that work.
/// </summary>
internal static class AsciiDigits
{
    /// <summary>Most bytes <see cref="Feature"/> writes: a sign, 15 digits (the whole part of a saturated long / 10⁴), a point and 4 decimals.</summary>
    public const int MaxFeatureBytes = 21;

    // "00" "01" … "99".
    private static ReadOnlySpan<byte> TwoDigits =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    /// <summary>Writes <paramref name="value"/> (below 100) as two digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Two(uint value, ref byte to) =>
        Unsafe.WriteUnaligned(ref to, Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref MemoryMarshal.GetReference(TwoDigits), (nint)(value * 2))));

    /// <summary>Number of decimal digits of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Count(ulong value)
    {
        var n = 1;
        while (value >= 100)
        {
            value /= 100;
            n += 2;
        }

        return value >= 10 ? n + 1 : n;
    }

    /// <summary>Writes <paramref name="value"/> zero-padded to at least <paramref name="digits"/> digits; returns the bytes written.</summary>
    public static int Padded(ulong value, int digits, ref byte to)
    {
        var length = Math.Max(digits, Count(value));
        var i = length;
        while (value >= 100)
        {
            var q = value / 100;
            i -= 2;
            Two((uint)(value - (q * 100)), ref Unsafe.Add(ref to, i));
            value = q;
        }

        if (value >= 10)
        {
            i -= 2;
            Two((uint)value, ref Unsafe.Add(ref to, i));
        }
        else
        {
            Unsafe.Add(ref to, --i) = (byte)('0' + value);
        }

        while (i > 0)
        {
            Unsafe.Add(ref to, --i) = (byte)'0';
        }

        return length;
    }

    /// <summary>Writes a non-negative integer without padding; returns the bytes written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Whole(ulong value, ref byte to)
    {
        if (value < 10)
        {
            to = (byte)('0' + value);
            return 1;
        }

        if (value < 100)
        {
            Two((uint)value, ref to);
            return 2;
        }

        return Padded(value, 1, ref to);
    }

    /// <summary>
    /// Writes a float rounded half-to-even to 4 decimals with trailing zeros trimmed ("1", "0.25", "-3.1416"; "0" when not
    /// finite); returns the bytes written (at most <see cref="MaxFeatureBytes"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Feature(float value, ref byte to)
    {
        // About half the features are flags and counts: skip the fixed-point arithmetic for them (NaN fails both tests).
        if (value >= 0 && value < 1e9f)
        {
            var whole = (uint)value;
            if (whole == value)
            {
                return Whole(whole, ref to);
            }
        }

        if (!float.IsFinite(value))
        {
            to = (byte)'0';
            return 1;
        }

        var scaled = (long)Math.Round(value * 10_000.0);
        var n = 0;
        var magnitude = (ulong)scaled;
        if (scaled < 0)
        {
            to = (byte)'-';
            n = 1;
            magnitude = (ulong)(-(scaled + 1)) + 1; // also right for long.MinValue (a saturated conversion)
        }

        var integer = magnitude / 10_000;
        var fraction = (uint)(magnitude - (integer * 10_000));
        n += Whole(integer, ref Unsafe.Add(ref to, n));
        if (fraction == 0)
        {
            return n;
        }

        // All four digits go out in two table copies; the count then stops after the last non-zero one.
        ref var point = ref Unsafe.Add(ref to, n);
        point = (byte)'.';
        Two(fraction / 100, ref Unsafe.Add(ref point, 1));
        Two(fraction % 100, ref Unsafe.Add(ref point, 3));
        return n + (fraction % 10 != 0 ? 5 : fraction % 100 != 0 ? 4 : fraction % 1000 != 0 ? 3 : 2);
    }
}
