using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;
using Tributary.Abstractions.Input;

namespace Tributary.Hpi.Input;

/// <summary>Reads transactions from Parquet: the CSV's five columns by name, one chunk per row group. Codes and the date
/// are strings (the date may also be a DATE column), the price a double or a string. Each value is checked by the same
/// rules as a CSV field, so a row is accepted or rejected exactly as its CSV line would be. Errors name the 1-based row.</summary>
public static class ParquetTransactionReader
{
    /// <summary>Reads a Parquet stream in row-group chunks (see <see cref="TransactionReader.Read{T}"/>). A stream that cannot
    /// seek (a blob download) is first copied to a temp file, since Parquet's footer is at the end.</summary>
    public static long Read<T>(Stream stream, string file, TractCatalog tracts, bool skipInvalid, RejectLog rejects,
        Func<TransactionChunk, T> prepare, Action<TransactionChunk, T> commit, Action<long>? progress = null)
    {
        if (!stream.CanSeek)
        {
            var temp = Path.GetTempFileName();
            try
            {
                using (var copy = File.Create(temp))
                {
                    stream.CopyTo(copy);
                }

                using var seekable = File.OpenRead(temp);
                return Read(seekable, file, tracts, skipInvalid, rejects, prepare, commit, progress);
            }
            finally
            {
                File.Delete(temp);
            }
        }

        var rules = new TransactionRowRules(file, tracts);
        ParquetReader reader;
        try
        {
            reader = ParquetReader.CreateAsync(stream, leaveStreamOpen: true).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
        {
            throw new InvalidInputException(new InputError(file, 0, null, $"not a readable Parquet file: {e.Message}"));
        }

        try
        {
            var fields = TransactionReader.Columns.Select(c => reader.Schema.GetDataFields().FirstOrDefault(f => f.Name == c)).ToArray();
            var missing = TransactionReader.Columns.Where((c, i) => fields[i] is null).Select(c => new InputError(file, 0, c, "missing column")).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidInputException(missing);
            }

            var parallelism = tracts.IsDeclared ? Environment.ProcessorCount + 1 : 1;
            var bytesPerRow = Math.Max(1, stream.Length / Math.Max(1, reader.RowGroups.Sum(g => g.RowCount)));
            return ChunkPipeline.Run(RowGroups(reader, fields!, rules, bytesPerRow, file), parallelism, new RowErrorPolicy(skipInvalid, rejects), file,
                prepare, commit, progress);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static IEnumerable<Func<TransactionChunk>> RowGroups(ParquetReader reader, DataField[] fields, TransactionRowRules rules, long bytesPerRow, string file)
    {
        long firstRow = 1;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = checked((int)group.RowCount);
            var columns = fields.Select(f => Read(group, f, n, file)).ToArray();
            var first = firstRow;
            firstRow += n;
            yield return () => Parse(columns, n, first, rules, bytesPerRow);
        }
    }

    /// <summary>One column as strings: the form in which every reader checks a value (doubles round-trip with "R").</summary>
    private static string?[] Read(ParquetRowGroupReader group, DataField field, int n, string file)
    {
        var values = new string?[n];
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        // Parquet.Net describes UTF-8 byte-array columns as ReadOnlyMemory; they read as strings.
        if (type == typeof(string) || type == typeof(byte[]) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ReadOnlyMemory<>)))
        {
            group.ReadAsync(field, values.AsMemory()).GetAwaiter().GetResult();
        }
        else if (type == typeof(double))
        {
            var raw = new double?[n];
            group.ReadAsync(field, raw.AsMemory()).GetAwaiter().GetResult();
            for (var i = 0; i < n; i++)
            {
                values[i] = raw[i]?.ToString("R", CultureInfo.InvariantCulture);
            }
        }
        else if (type == typeof(DateOnly))
        {
            var raw = new DateOnly?[n];
            group.ReadAsync(field, raw.AsMemory()).GetAwaiter().GetResult();
            for (var i = 0; i < n; i++)
            {
                values[i] = raw[i]?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
        }
        else
        {
            throw new InvalidInputException(new InputError(file, 0, field.Name, $"column type {type.Name} is not supported (string, double or date)"));
        }

        return values;
    }

    private static TransactionChunk Parse(string?[][] columns, int n, long firstRow, TransactionRowRules rules, long bytesPerRow)
    {
        var chunk = new TransactionChunk(n, n * 16) { InputBytes = n * bytesPerRow };
        Span<byte> buffer = stackalloc byte[5 * 256];
        for (var i = 0; i < n; i++)
        {
            rules.Accept(Utf8(columns[0][i], buffer[..256]), Utf8(columns[1][i], buffer[256..512]), Utf8(columns[2][i], buffer[512..768]),
                Utf8(columns[3][i], buffer[768..1024]), Utf8(columns[4][i], buffer[1024..]), firstRow + i, chunk);
        }

        return chunk;
    }

    /// <summary>A value as trimmed UTF-8; longer values are cut at the buffer, which the length rule then rejects.</summary>
    private static ReadOnlySpan<byte> Utf8(string? value, Span<byte> buffer)
    {
        if (value is null)
        {
            return [];
        }

        var text = value.AsSpan().Trim();
        var chars = text[..Math.Min(text.Length, buffer.Length / 3)];
        return buffer[..Encoding.UTF8.GetBytes(chars, buffer)];
    }
}
