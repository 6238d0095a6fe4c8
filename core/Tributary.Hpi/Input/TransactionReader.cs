using System.Globalization;
using System.Text;
using Tributary.Abstractions.Input;

namespace Tributary.Hpi.Input;

/// <summary>Reads transactions.csv: <c>property_id,transaction_date,price,census_tract,cbsa_code</c>.</summary>
/// <remarks>Fields are taken from CsvHelper as UTF-8 spans and parsed in place (dates by hand as strict yyyy-MM-dd, prices with
/// the UTF-8 double parser, codes looked up by span), so a row allocates nothing unless it brings a new property id.</remarks>
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
        var policy = new RowErrorPolicy(skipInvalid, rejects);
        var table = new TransactionTable();
        var properties = new Dictionary<string, int>(StringComparer.Ordinal);
        var propertyLookup = properties.GetAlternateLookup<ReadOnlySpan<char>>();
        var length = stream.CanSeek ? stream.Length : -1;
        Span<char> idChars = stackalloc char[MaxCodeLength];
        Span<char> tractChars = stackalloc char[MaxCodeLength];
        Span<char> cbsaChars = stackalloc char[MaxCodeLength];
        using var csv = CsvSource.Open(stream, file, Columns, e => policy.Reject(RejectReason.FieldCount, e));
        while (csv.Read())
        {
            var missing = FirstEmpty(csv);
            if (missing >= 0)
            {
                policy.Reject(RejectReason.MissingField, csv.Error(Columns[missing], "empty"));
                continue;
            }

            if (!TryDecode(csv, 0, idChars, policy, out var id) || !TryDecode(csv, 3, tractChars, policy, out var tractCode)
                || !TryDecode(csv, 4, cbsaChars, policy, out var cbsa))
            {
                continue;
            }

            if (!TryParseDate(csv.Span(1), out var day))
            {
                policy.Reject(RejectReason.BadDate, csv.Error(Columns[1], $"'{Text(csv, 1)}' is not a date yyyy-MM-dd in 1900–2100"));
                continue;
            }

            if (!double.TryParse(csv.Span(2), NumberStyles.Float, CultureInfo.InvariantCulture, out var price) || !double.IsFinite(price))
            {
                policy.Reject(RejectReason.BadPrice, csv.Error(Columns[2], $"'{Text(csv, 2)}' is not a number"));
                continue;
            }

            if (price <= 0)
            {
                policy.Reject(RejectReason.NonPositivePrice, csv.Error(Columns[2], $"price {Text(csv, 2)} is not positive"));
                continue;
            }

            if (price > MaxPrice)
            {
                policy.Reject(RejectReason.OutOfRange, csv.Error(Columns[2], $"price {Text(csv, 2)} exceeds {MaxPrice:0}"));
                continue;
            }

            var tract = tracts.IndexOf(tractCode);
            if (tract < 0)
            {
                if (tracts.IsDeclared)
                {
                    policy.Reject(RejectReason.UnknownTract, csv.Error(Columns[3], $"tract '{tractCode}' is not in the tracts file"));
                    continue;
                }

                tract = tracts.Count;
                tracts.TryAdd(new TractInfo(tractCode.ToString(), cbsa.ToString(), double.NaN, double.NaN, 0, 0, 0, 0, 0));
            }

            if (!cbsa.SequenceEqual(tracts.Tracts[tract].CbsaCode))
            {
                policy.Reject(RejectReason.CbsaMismatch, csv.Error(Columns[4],
                    $"CBSA '{cbsa}' differs from tract {tractCode}'s CBSA '{tracts.Tracts[tract].CbsaCode}'"));
                continue;
            }

            if (!propertyLookup.TryGetValue(id, out var property))
            {
                property = properties.Count;
                propertyLookup.TryAdd(id, property);
            }

            table.Add(property, day, price, tract);
            if (table.Count > MaxRows)
            {
                throw new InvalidInputException(csv.Error(Columns[0], $"more than {MaxRows} rows"));
            }

            if (progress is not null && (table.Count & 0xFFFF) == 0)
            {
                progress(csv.ByteOffset, length);
            }
        }

        policy.ThrowIfAny();
        csv.EnsureRows();
        table.PropertyCount = properties.Count;
        progress?.Invoke(length, length);
        return table;
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

    private static int FirstEmpty(CsvSource csv)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (csv.Span(i).IsEmpty)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool TryDecode(CsvSource csv, int column, Span<char> buffer, RowErrorPolicy policy, out ReadOnlySpan<char> text)
    {
        var bytes = csv.Span(column);
        if (bytes.Length > MaxCodeLength)
        {
            policy.Reject(RejectReason.OutOfRange, csv.Error(Columns[column], $"longer than {MaxCodeLength} characters"));
            text = default;
            return false;
        }

        var n = Encoding.UTF8.GetChars(bytes, buffer);
        text = buffer[..n];
        return true;
    }

    private static string Text(CsvSource csv, int column) => Encoding.UTF8.GetString(csv.Span(column));
}
