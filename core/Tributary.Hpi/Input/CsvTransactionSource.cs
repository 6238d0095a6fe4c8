using System.Text;
using Tributary.Abstractions.Input;

namespace Tributary.Hpi.Input;

/// <summary>transactions.csv as a sequence of chunk parses for <see cref="ChunkPipeline"/>: the stream is cut into slices of
/// whole rows on the calling thread, and each slice is parsed by a worker.</summary>
internal static class CsvTransactionSource
{
    /// <summary>Reads and checks the header (the same errors as <see cref="CsvSource"/>), then yields one parse per slice.</summary>
    public static IEnumerable<Func<TransactionChunk>> Slices(Stream stream, string file, TransactionRowRules rules)
    {
        var chunks = new CsvChunks(stream);
        var header = chunks.ReadHeader();
        // The reference reader decides whether the header is acceptable, so its errors are unchanged.
        using (CsvSource.Open(new MemoryStream(header ?? []), file, TransactionReader.Columns))
        {
        }

        var columns = ColumnIndices(header!);
        if (columns.Contains(-1))
        {
            throw new InvalidInputException(new InputError(file, 1, null, "header could not be read (quoted column names are not supported)"));
        }

        return Enumerate(chunks, header!, Encoding.UTF8.GetString(header!).Split(',').Length, columns, file, rules);
    }

    private static IEnumerable<Func<TransactionChunk>> Enumerate(CsvChunks chunks, byte[] header, int headerFields, int[] columns, string file,
        TransactionRowRules rules)
    {
        while (chunks.Next() is { } slice)
        {
            yield return () =>
            {
                using (slice)
                {
                    return CsvSliceParser.Parse(slice, header, headerFields, columns, file, rules);
                }
            };
        }
    }

    /// <summary>The position of each required column in the header (names trimmed and unquoted, first match wins).</summary>
    private static int[] ColumnIndices(byte[] header)
    {
        var names = Encoding.UTF8.GetString(header).Split(',').Select(n => n.Trim().Trim('"')).ToList();
        return TransactionReader.Columns.Select(c => names.IndexOf(c)).ToArray();
    }
}
