using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using Tributary.Generation.Transactions;

namespace Tributary.Generation.Output;

/// <summary>
/// A pooled UTF-8 buffer that rows are formatted into with <see cref="Utf8Formatter"/> and flushed to a stream in
/// 256 KiB writes. Hand-written because a CsvHelper writer allocates a string per field: on this machine it reached
/// about 0.35M rows/s against several million rows/s for this buffer (bench `gen`, 2026-11-23).
/// </summary>
public sealed class Utf8RowBuffer : IDisposable
{
    private const int Capacity = 1 << 18;
    private const int FlushAt = Capacity - 8192; // one row never exceeds 8 KiB (69 features × ≤ 24 bytes + base columns)

    private readonly Stream _out;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Capacity);
    private int _pos;
    private int _cachedDay = int.MinValue;
    private readonly byte[] _datePrefix = new byte[11];

    public Utf8RowBuffer(Stream output) => _out = output;

    /// <summary>Writes ASCII/UTF-8 bytes as they are.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.AsSpan(_pos));
        _pos += bytes.Length;
    }

    /// <summary>Writes one byte.</summary>
    public void Write(byte b) => _buffer[_pos++] = b;

    /// <summary>Writes a string (setup-time text such as headers; not for the hot loop).</summary>
    public void WriteText(string text) => _pos += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_pos));

    /// <summary>Writes an integer in decimal.</summary>
    public void Write(long value)
    {
        if (value >= 0)
        {
            WritePadded(value, 1);
            return;
        }

        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_pos), out var n);
        _pos += n;
    }

    /// <summary>Writes a non-negative integer zero-padded to <paramref name="digits"/> digits (more if it needs them).</summary>
    public void WritePadded(long value, int digits) => _pos += FormatDigits((ulong)value, digits, _buffer.AsSpan(_pos));

    // Right-to-left, two digits per step from a 200-byte table (as dotnet/runtime's Number.Formatting does): several
    // times faster than Utf8Formatter with a 'D' precision format for these short fields.
    private static int FormatDigits(ulong v, int digits, Span<byte> to)
    {
        var needed = Math.Max(digits, CountDigits(v));
        var span = to[..needed];
        var i = needed;
        var pairs = TwoDigits;
        while (v >= 100)
        {
            var q = v / 100;
            var r = (int)(v - (q * 100)) * 2;
            span[--i] = pairs[r + 1];
            span[--i] = pairs[r];
            v = q;
        }

        if (v >= 10)
        {
            var r = (int)v * 2;
            span[--i] = pairs[r + 1];
            span[--i] = pairs[r];
        }
        else
        {
            span[--i] = (byte)('0' + v);
        }

        while (i > 0)
        {
            span[--i] = (byte)'0';
        }

        return needed;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountDigits(ulong value)
    {
        var n = 1;
        while (value >= 100)
        {
            value /= 100;
            n += 2;
        }

        return value >= 10 ? n + 1 : n;
    }

    // "00" "01" … "99": two ASCII digits per entry.
    private static ReadOnlySpan<byte> TwoDigits =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    /// <summary>Writes <paramref name="scaled"/> / 10^<paramref name="decimals"/> with exactly that many decimals (integer formatting only).</summary>
    public void WriteFixed(long scaled, int decimals)
    {
        if (scaled < 0)
        {
            Write((byte)'-');
            scaled = -scaled;
        }

        var divisor = Pow10[decimals];
        Write(scaled / divisor);
        Write((byte)'.');
        WritePadded(scaled % divisor, decimals);
    }

    /// <summary>Writes a float rounded to 4 decimals, trailing zeros trimmed ("1", "0.25", "-3.1416").</summary>
    public void WriteFeature(float value) => _pos += FormatFeature(value, _buffer.AsSpan(_pos));

    /// <summary>
    /// Writes every feature, each preceded by <paramref name="separator"/>: one call per row instead of one per value,
    /// with the cursor in a local (69 values a row make this the hottest loop of a features run).
    /// </summary>
    public void WriteFeatures(ReadOnlySpan<float> values, byte separator)
    {
        var span = _buffer.AsSpan(_pos);
        var n = 0;
        foreach (var value in values)
        {
            span[n++] = separator;
            n += FormatFeature(value, span[n..]);
        }

        _pos += n;
    }

    /// <summary>Formats a feature value into <paramref name="to"/> (at least 24 bytes) and returns the bytes written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FormatFeature(float value, Span<byte> to)
    {
        // About half the features are flags and counts: skip the fixed-point arithmetic for them (NaN fails both tests).
        if (value >= 0 && value < 1e9f && value == (long)value)
        {
            return FormatWhole((ulong)value, to);
        }

        if (!float.IsFinite(value))
        {
            to[0] = (byte)'0';
            return 1;
        }

        var scaled = (long)Math.Round(value * 10_000.0);
        var n = 0;
        var magnitude = (ulong)scaled;
        if (scaled < 0)
        {
            to[n++] = (byte)'-';
            magnitude = (ulong)(-(scaled + 1)) + 1; // also right for long.MinValue (a saturated conversion)
        }

        var whole = magnitude / 10_000;
        var fraction = (int)(magnitude - (whole * 10_000));
        n += FormatWhole(whole, to[n..]);
        if (fraction == 0)
        {
            return n;
        }

        // All four digits go out in two table copies; the count then stops after the last non-zero one.
        var digits = to.Slice(n, 5);
        var pairs = TwoDigits;
        var high = fraction / 100 * 2;
        var low = (fraction % 100) * 2;
        digits[0] = (byte)'.';
        digits[1] = pairs[high];
        digits[2] = pairs[high + 1];
        digits[3] = pairs[low];
        digits[4] = pairs[low + 1];
        return n + (fraction % 10 != 0 ? 5 : fraction % 100 != 0 ? 4 : fraction % 1000 != 0 ? 3 : 2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FormatWhole(ulong value, Span<byte> to)
    {
        if (value < 10)
        {
            to[0] = (byte)('0' + value);
            return 1;
        }

        if (value < 100)
        {
            var pairs = TwoDigits;
            to[1] = pairs[((int)value * 2) + 1];
            to[0] = pairs[(int)value * 2];
            return 2;
        }

        return FormatDigits(value, 1, to);
    }

    /// <summary>Writes a Unix time as ISO 8601 in IST, e.g. <c>2025-01-01T10:15:30+05:30</c>.</summary>
    public void WriteIstTimestamp(long unixSeconds)
    {
        var local = unixSeconds + MarketCalendar.IstOffsetSeconds;
        var day = (int)Math.Floor(local / 86_400.0);
        if (day != _cachedDay)
        {
            // Rows come in time order, so the date text changes once a day at most.
            var date = DateOnly.FromDayNumber(new DateOnly(1970, 1, 1).DayNumber + day);
            Encoding.ASCII.GetBytes(date.ToString("yyyy-MM-dd'T'", System.Globalization.CultureInfo.InvariantCulture), _datePrefix);
            _cachedDay = day;
        }

        var second = (int)(local - (day * 86_400L));
        Write(_datePrefix);
        WritePadded(second / 3600, 2);
        Write((byte)':');
        WritePadded(second / 60 % 60, 2);
        Write((byte)':');
        WritePadded(second % 60, 2);
        Write("+05:30"u8);
    }

    /// <summary>Flushes when the buffer is nearly full; call once per row.</summary>
    public void EndRow()
    {
        if (_pos >= FlushAt)
        {
            Flush();
        }
    }

    /// <summary>Writes everything buffered to the stream.</summary>
    public void Flush()
    {
        _out.Write(_buffer, 0, _pos);
        _pos = 0;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private static readonly long[] Pow10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];
}
