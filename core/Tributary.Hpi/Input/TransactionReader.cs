using System.Text;

namespace Tributary.Hpi.Input;

/// <summary>Reads transactions.csv: <c>property_id,transaction_date,price,census_tract,cbsa_code</c>.</summary>
/// <remarks>The file is cut into slices of whole rows that are parsed in parallel on UTF-8 spans (dates by hand as strict
/// yyyy-MM-dd, integer prices directly, codes looked up by span) and handed on in file order, so a row allocates nothing
/// unless it brings a new property id, and rejects and errors come out as a one-thread read would give them.</remarks>
public static class TransactionReader
{
    /// <summary>The required columns.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["property_id", "transaction_date", "price", "census_tract", "cbsa_code"];

    /// <summary>Upper bound on rows in one file (FHFA's national file has about 100 million sales).</summary>
    public const int MaxRows = 500_000_000;

    /// <summary>Upper bound on a price, to catch unit mistakes (cents) and overflow.</summary>
    public const double MaxPrice = 1e10;

    /// <summary>Upper bound on the length of an id or code, in bytes.</summary>
    public const int MaxCodeLength = 64;

    /// <summary>Reads a file.</summary>
    public static TransactionTable Read(string path, TractCatalog tracts, bool skipInvalid, RejectLog rejects, Action<long, long>? progress = null)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path, tracts, skipInvalid, rejects, progress);
    }

    /// <summary>Reads a stream. With a declared catalog every tract must be in it; with an inferred one (quality without
    /// tracts.csv) tracts are added as they appear. <paramref name="progress"/> gets (bytes read, stream length) now and then.</summary>
    public static TransactionTable Read(Stream stream, string file, TractCatalog tracts, bool skipInvalid, RejectLog rejects,
        Action<long, long>? progress = null)
    {
        var table = new TransactionTable();
        var properties = new Dictionary<string, int>(StringComparer.Ordinal);
        var propertyLookup = properties.GetAlternateLookup<ReadOnlySpan<char>>();
        var length = stream.CanSeek ? stream.Length : -1;
        Read(stream, file, tracts, skipInvalid, rejects, _ => 0, (chunk, _) =>
        {
            Span<char> idChars = stackalloc char[MaxCodeLength];
            for (var i = 0; i < chunk.Count; i++)
            {
                var id = idChars[..Encoding.UTF8.GetChars(chunk.PropertyId(i), idChars)];
                if (!propertyLookup.TryGetValue(id, out var property))
                {
                    property = properties.Count;
                    propertyLookup.TryAdd(id, property);
                }

                table.Add(property, chunk.Day[i], chunk.Price[i], chunk.Tract[i]);
            }
        }, progress is null ? null : read => progress(read, length));
        table.PropertyCount = properties.Count;
        progress?.Invoke(length, length);
        return table;
    }

    /// <summary>Reads a stream in parallel chunks and hands each chunk's accepted rows to <paramref name="commit"/> in file
    /// order, after <paramref name="prepare"/> has run on it on a worker thread. Rejects follow the --skip-invalid policy.
    /// Returns the number of accepted rows.</summary>
    public static long Read<T>(Stream stream, string file, TractCatalog tracts, bool skipInvalid, RejectLog rejects,
        Func<TransactionChunk, T> prepare, Action<TransactionChunk, T> commit, Action<long>? progress = null)
    {
        var rules = new TransactionRowRules(file, tracts);
        // An inferred catalog grows while rows are checked, so it is read one chunk at a time.
        var parallelism = tracts.IsDeclared ? Environment.ProcessorCount + 1 : 1;
        return ChunkPipeline.Run(CsvTransactionSource.Slices(stream, file, rules), parallelism, new RowErrorPolicy(skipInvalid, rejects), file,
            prepare, commit, progress);
    }

    /// <summary>Parses a strict ISO date yyyy-MM-dd (years 1900–2100) to a <see cref="DateOnly.DayNumber"/>.</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> text, out int dayNumber)
    {
        dayNumber = 0;
        if (text.Length != 10 || text[4] != (byte)'-' || text[7] != (byte)'-')
        {
            return false;
        }

        if (!TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day))
        {
            return false;
        }

        if (year is < 1900 or > 2100 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        dayNumber = new DateOnly(year, month, day).DayNumber;
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            var d = b - (byte)'0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = value * 10 + d;
        }

        return true;
    }
}
