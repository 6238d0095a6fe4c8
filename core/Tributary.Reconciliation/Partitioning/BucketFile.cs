using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;

namespace Tributary.Reconciliation.Partitioning;

/// <summary>
/// One side of one bucket as the planner stages it: the parsed columns of a <see cref="RecordTable"/>, so a partition
/// reads them back without parsing CSV again (the plan already validated, normalised and quarantined every row).
/// </summary>
/// <remarks>
/// Layout: the 8 bytes <c>TRBKT001</c>; the body's length (i32, little-endian); the body, deflated (zlib, fastest: a third
/// of the bytes to stage and read back, for less CPU than the bytes it saves cost Azurite and the HTTP stack); last, the
/// CRC-32 of everything before it (u32). The body, little-endian: the side (u8); the field count (i32) and each field's kind
/// (u8: 0 absent on this side, 1 text, 2 number, 3 date); the row count (i32); per row its line and its record number in the
/// input (i32 each); then each present field's column in profile order: text as a length per row (i32) followed by the
/// concatenated normalised UTF-8, numbers as four i32 per row (<see cref="decimal.GetBits(decimal)"/>), dates as day
/// numbers (i32). A file that fails any check is refused whole, with its name: staging is rewritten by a new plan, never
/// patched.
/// </remarks>
public static class BucketFile
{
    private const int HeaderBytes = 8;
    private const int MaxBodyBytes = int.MaxValue - 64;
    private const byte Absent = 0;
    private const byte Text = 1;
    private const byte Number = 2;
    private const byte Date = 3;

    private static ReadOnlySpan<byte> Magic => "TRBKT001"u8;

    /// <summary>Writes <paramref name="rows"/> of <paramref name="table"/> (leaves the stream open).</summary>
    public static void Write(Stream stream, RecordTable table, ReadOnlySpan<int> rows) => stream.Write(Encode(table, rows));

    /// <summary>The bytes <see cref="Write"/> writes.</summary>
    public static byte[] Encode(RecordTable table, ReadOnlySpan<int> rows)
    {
        var body = Body(table, rows);
        using var file = new MemoryStream((body.Length / 3) + 64);
        file.Write(Magic);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, body.Length);
        file.Write(length);
        using (var deflate = new ZLibStream(file, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(body);
        }

        var crc = Crc32.HashToUInt32(file.GetBuffer().AsSpan(0, (int)file.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(length, crc);
        file.Write(length);
        return file.ToArray();
    }

    private static byte[] Body(RecordTable table, ReadOnlySpan<int> rows)
    {
        var profile = table.Profile;
        var kinds = Kinds(profile, table.Side);
        long size = 1 + 4 + kinds.Length + 4 + (8L * rows.Length);
        for (var f = 0; f < kinds.Length; f++)
        {
            size += kinds[f] switch
            {
                Text => (4L * rows.Length) + TextBytes(table, f, rows),
                Number => 16L * rows.Length,
                Date => 4L * rows.Length,
                _ => 0,
            };
        }

        if (size > MaxBodyBytes)
        {
            throw new InvalidOperationException($"{table.Source}: a bucket of {rows.Length} rows is {size} bytes staged, more than one file holds; use more buckets");
        }

        var data = new byte[size];
        var writer = new SpanWriter(data);
        writer.Byte((byte)table.Side);
        writer.Int(kinds.Length);
        writer.Bytes(kinds);
        writer.Int(rows.Length);
        foreach (var row in rows)
        {
            writer.Int(checked((int)table.Line(row)));
            writer.Int(table.Record(row));
        }

        Span<int> bits = stackalloc int[4];
        for (var f = 0; f < kinds.Length; f++)
        {
            switch (kinds[f])
            {
                case Text:
                    foreach (var row in rows)
                    {
                        writer.Int(table.TextBytes(f, row).Length);
                    }

                    foreach (var row in rows)
                    {
                        writer.Bytes(table.TextBytes(f, row));
                    }

                    break;
                case Number:
                    foreach (var row in rows)
                    {
                        decimal.GetBits(table.Number(f, row), bits);
                        writer.Bytes(MemoryMarshal.AsBytes(bits));
                    }

                    break;
                case Date:
                    foreach (var row in rows)
                    {
                        writer.Int(table.Day(f, row));
                    }

                    break;
            }
        }

        return data;
    }

    /// <summary>
    /// Reads a bucket file written with the same profile for <paramref name="side"/>; <paramref name="source"/> names it
    /// in errors. The table's text points into <paramref name="data"/>, which must not change afterwards.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is cut short, corrupt, or was written for another side or profile.</exception>
    public static RecordTable Read(byte[] data, ReconciliationProfile profile, RecordSide side, string source)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(profile);
        if (data.Length < HeaderBytes + 8 || !data.AsSpan(0, HeaderBytes).SequenceEqual(Magic))
        {
            throw Corrupt(source, "it is not a staged bucket file (no TRBKT001 header)");
        }

        if (Crc32.HashToUInt32(data.AsSpan(0, data.Length - 4)) != BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(data.Length - 4)))
        {
            throw Corrupt(source, "its checksum does not match (cut short or damaged)");
        }

        var body = Inflate(data, source);
        var reader = new SpanReader(body, source);
        if (reader.Byte() != (byte)side)
        {
            throw Corrupt(source, $"it was staged for the other side, not {side}");
        }

        var expected = Kinds(profile, side);
        var count = reader.Int();
        if (count != expected.Length || !reader.Bytes(count).SequenceEqual(expected))
        {
            throw Corrupt(source, $"its fields do not match profile {profile.Name}");
        }

        var rows = reader.Int();
        if (rows < 0 || (long)rows * 8 > reader.Remaining)
        {
            throw Corrupt(source, $"{rows} rows do not fit in the file");
        }

        var table = new RecordTable(profile, side, source, rows, new TextStore(body));
        var records = new int[rows];
        for (var row = 0; row < rows; row++)
        {
            table.AddRow(reader.Int());
            records[row] = reader.Int();
        }

        for (var f = 0; f < expected.Length; f++)
        {
            switch (expected[f])
            {
                case Text:
                    var lengths = reader.Ints(rows);
                    var offset = reader.Position;
                    for (var row = 0; row < rows; row++)
                    {
                        var length = lengths[row];
                        if (length < 0 || length > body.Length - offset)
                        {
                            throw Corrupt(source, $"field {profile.Fields[f].Name}, row {row + 1}: a text of {length} bytes does not fit");
                        }

                        table.SetText(f, row, TextStore.InInput(offset, length));
                        offset += length;
                    }

                    reader.Skip(offset - reader.Position);
                    break;
                case Number:
                    var numbers = reader.Ints(rows * 4);
                    for (var row = 0; row < rows; row++)
                    {
                        table.SetNumber(f, row, new decimal(numbers.Slice(row * 4, 4)));
                    }

                    break;
                case Date:
                    var days = reader.Ints(rows);
                    for (var row = 0; row < rows; row++)
                    {
                        table.SetDay(f, row, days[row]);
                    }

                    break;
            }
        }

        if (reader.Remaining != 0)
        {
            throw Corrupt(source, $"{reader.Remaining} bytes follow the last column");
        }

        table.SetRecords(records);
        return table;
    }

    private static byte[] Inflate(byte[] data, string source)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(HeaderBytes));
        if (length is < 0 or > MaxBodyBytes)
        {
            throw Corrupt(source, $"a body of {length} bytes is not possible");
        }

        var body = new byte[length];
        try
        {
            using var inflate = new ZLibStream(new MemoryStream(data, HeaderBytes + 4, data.Length - HeaderBytes - 8, writable: false), CompressionMode.Decompress);
            inflate.ReadExactly(body);
            if (inflate.ReadByte() != -1)
            {
                throw Corrupt(source, $"its body is longer than the {length} bytes its header says");
            }
        }
        catch (Exception e) when (e is InvalidDataException { Message: var message } && !message.StartsWith(source, StringComparison.Ordinal) || e is EndOfStreamException)
        {
            throw Corrupt(source, $"its body does not inflate to the {length} bytes its header says ({e.Message})");
        }

        return body;
    }

    private static byte[] Kinds(ReconciliationProfile profile, RecordSide side)
    {
        var kinds = new byte[profile.Fields.Count];
        foreach (var field in profile.Fields)
        {
            kinds[field.Index] = field.Column(side) is null
                ? Absent
                : field.Type switch { FieldType.Text => Text, FieldType.Number => Number, _ => Date };
        }

        return kinds;
    }

    private static long TextBytes(RecordTable table, int field, ReadOnlySpan<int> rows)
    {
        long total = 0;
        foreach (var row in rows)
        {
            total += table.TextBytes(field, row).Length;
        }

        return total;
    }

    private static InvalidDataException Corrupt(string source, string problem) =>
        new($"{source}: staged bucket file refused: {problem}. Run the reconciliation again to stage it anew.");

    private ref struct SpanWriter(Span<byte> data)
    {
        private readonly Span<byte> _data = data;

        public int Position { get; private set; }

        public void Byte(byte value) => _data[Position++] = value;

        public void Int(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_data[Position..], value);
            Position += 4;
        }

        public void Bytes(scoped ReadOnlySpan<byte> value)
        {
            value.CopyTo(_data[Position..]);
            Position += value.Length;
        }
    }

    private ref struct SpanReader(ReadOnlySpan<byte> data, string source)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private readonly string _source = source;

        public int Position { get; private set; }

        public readonly int Remaining => _data.Length - Position;

        public byte Byte() => Bytes(1)[0];

        public int Int() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));

        /// <summary>The next <paramref name="count"/> i32 values (little-endian, as on every platform .NET runs here).</summary>
        public ReadOnlySpan<int> Ints(int count)
        {
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("staged bucket files are read on little-endian machines only");
            }

            return MemoryMarshal.Cast<byte, int>(Bytes(checked(count * 4)));
        }

        public ReadOnlySpan<byte> Bytes(int count)
        {
            if (count < 0 || count > Remaining)
            {
                throw Corrupt(_source, $"it ends {count - Remaining} bytes early");
            }

            var span = _data.Slice(Position, count);
            Position += count;
            return span;
        }

        public void Skip(int count) => Bytes(count);
    }
}
