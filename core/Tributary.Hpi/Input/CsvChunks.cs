using System.Buffers;
using Tributary.Abstractions.Input;

namespace Tributary.Hpi.Input;

/// <summary>One line-aligned slice of a CSV file: whole rows only, with the physical line number of its first row.</summary>
internal sealed record CsvSlice(byte[] Buffer, int Length, long FirstLine, int Lines, bool HasQuotes) : IDisposable
{
    public ReadOnlySpan<byte> Bytes => Buffer.AsSpan(0, Length);

    public void Dispose() => ArrayPool<byte>.Shared.Return(Buffer);
}

/// <summary>Cuts a CSV stream into slices of whole rows (about <see cref="SliceBytes"/> each) that can be parsed in parallel.
/// The stream is read once, front to back, so a blob download stream works as well as a file.</summary>
/// <remarks>A slice ends at a newline outside quotes (an even number of quote characters since the slice began), so a
/// quoted field with a line break is never cut.</remarks>
internal sealed class CsvChunks(Stream stream)
{
    /// <summary>Target slice size: big enough to amortise a task, small enough that a few in flight cost little memory.</summary>
    public const int SliceBytes = 4 << 20;

    private byte[] _carry = [];
    private int _carryLength;
    private long _nextLine = 2;
    private bool _end;

    /// <summary>The header line (without line break or BOM). Null when the stream is empty.</summary>
    public byte[]? ReadHeader()
    {
        Fill(minimum: 1);
        var text = _carry.AsSpan(0, _carryLength);
        if (text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            Consume(3);
            text = _carry.AsSpan(0, _carryLength);
        }

        while (text.IndexOf((byte)'\n') < 0 && !_end)
        {
            Fill(_carryLength + SliceBytes);
            text = _carry.AsSpan(0, _carryLength);
        }

        if (text.IsEmpty)
        {
            return null;
        }

        var end = text.IndexOf((byte)'\n');
        var header = (end < 0 ? text : text[..end]).TrimEnd((byte)'\r').ToArray();
        Consume(end < 0 ? text.Length : end + 1);
        return header;
    }

    /// <summary>The next slice, or null at the end of the stream. The caller disposes it (its buffer is pooled).</summary>
    public CsvSlice? Next()
    {
        while (true)
        {
            var split = _end ? _carryLength : SplitPoint(_carry.AsSpan(0, _carryLength));
            if (split > 0 || (_end && _carryLength == 0))
            {
                if (split == 0)
                {
                    return null;
                }

                var buffer = ArrayPool<byte>.Shared.Rent(split);
                var bytes = _carry.AsSpan(0, split);
                bytes.CopyTo(buffer);
                var newlines = bytes.Count((byte)'\n');
                var slice = new CsvSlice(buffer, split, _nextLine, newlines + (bytes[^1] == (byte)'\n' ? 0 : 1), bytes.Contains((byte)'"'));
                _nextLine += newlines;
                Consume(split);
                return slice;
            }

            Fill(_carryLength + SliceBytes);
        }
    }

    /// <summary>Length up to and including the last newline outside quotes, or 0 when there is none yet.</summary>
    private static int SplitPoint(ReadOnlySpan<byte> text)
    {
        if (!text.Contains((byte)'"'))
        {
            return text.LastIndexOf((byte)'\n') + 1;
        }

        var last = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == (byte)'"')
            {
                quoted = !quoted;
            }
            else if (text[i] == (byte)'\n' && !quoted)
            {
                last = i + 1;
            }
        }

        return last;
    }

    private void Fill(int minimum)
    {
        if (_carry.Length < minimum)
        {
            Array.Resize(ref _carry, Math.Max(minimum, SliceBytes));
        }

        while (!_end && _carryLength < _carry.Length)
        {
            var n = stream.Read(_carry, _carryLength, _carry.Length - _carryLength);
            if (n == 0)
            {
                _end = true;
            }

            _carryLength += n;
        }
    }

    private void Consume(int count)
    {
        _carry.AsSpan(count, _carryLength - count).CopyTo(_carry);
        _carryLength -= count;
    }
}

/// <summary>Parses a slice of transactions.csv into a <see cref="TransactionChunk"/>. Unquoted slices (the usual case) are
/// split by hand on spans; a slice with quote characters goes through <see cref="CsvSource"/>, the reference reader.</summary>
internal static class CsvSliceParser
{
    /// <param name="headerFields">Fields in the header: a row with more or fewer is rejected (FieldCount), as the reference reader does.</param>
    public static TransactionChunk Parse(CsvSlice slice, byte[] header, int headerFields, int[] columns, string file, TransactionRowRules rules)
    {
        var chunk = new TransactionChunk(slice.Lines, slice.Length / 2) { InputBytes = slice.Length };
        if (slice.HasQuotes)
        {
            ParseQuoted(slice, header, file, rules, chunk);
            return chunk;
        }

        var text = slice.Bytes;
        var line = slice.FirstLine;
        var needed = columns.Max() + 1;
        Span<int> start = stackalloc int[needed];
        Span<int> length = stackalloc int[needed];
        while (!text.IsEmpty)
        {
            var end = text.IndexOf((byte)'\n');
            var row = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            if (!row.IsEmpty && row[^1] == (byte)'\r')
            {
                row = row[..^1];
            }

            if (!row.IsEmpty)
            {
                var fields = Fields(row, start, length);
                if (fields != headerFields)
                {
                    // A shifted row would put values under the wrong columns and pass every field check: it is never read.
                    chunk.Reject(RejectReason.FieldCount, new InputError(file, line, null, $"{fields} fields, but the header has {headerFields}"));
                }
                else
                {
                    rules.Accept(Field(row, start, length, columns[0]), Field(row, start, length, columns[1]), Field(row, start, length, columns[2]),
                        Field(row, start, length, columns[3]), Field(row, start, length, columns[4]), line, chunk);
                }
            }

            line++;
        }

        return chunk;
    }

    /// <summary>Locates the first <c>start.Length</c> fields of a row (missing ones get length 0) and returns how many fields
    /// the row has, counting the rest only when the row goes on past them.</summary>
    private static int Fields(ReadOnlySpan<byte> row, Span<int> start, Span<int> length)
    {
        var at = 0;
        var found = 0;
        for (var f = 0; f < start.Length; f++)
        {
            if (at > row.Length)
            {
                start[f] = 0;
                length[f] = 0;
                continue;
            }

            var comma = row[at..].IndexOf((byte)',');
            var n = comma < 0 ? row.Length - at : comma;
            start[f] = at;
            length[f] = n;
            at += n + 1;
            found++;
        }

        return at > row.Length ? found : found + row[at..].Count((byte)',') + 1;
    }

    /// <summary>A field with surrounding spaces and tabs trimmed, as the reference reader trims them.</summary>
    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> row, ReadOnlySpan<int> start, ReadOnlySpan<int> length, int column) =>
        row.Slice(start[column], length[column]).Trim(" \t"u8);

    private static void ParseQuoted(CsvSlice slice, byte[] header, string file, TransactionRowRules rules, TransactionChunk chunk)
    {
        var bytes = new byte[header.Length + 1 + slice.Length];
        header.CopyTo(bytes, 0);
        bytes[header.Length] = (byte)'\n';
        slice.Bytes.CopyTo(bytes.AsSpan(header.Length + 1));
        // The reader numbers the header 1, so its line 2 is the slice's first line.
        using var csv = CsvSource.Open(new MemoryStream(bytes), file, TransactionReader.Columns,
            e => chunk.Reject(RejectReason.FieldCount, e with { Line = slice.FirstLine + e.Line - 2 }));
        while (csv.Read())
        {
            rules.Accept(csv.Span(0), csv.Span(1), csv.Span(2), csv.Span(3), csv.Span(4), slice.FirstLine + csv.Line - 2, chunk);
        }
    }
}
