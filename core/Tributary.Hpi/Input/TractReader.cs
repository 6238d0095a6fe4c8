using System.Globalization;
using Tributary.Abstractions.Input;

namespace Tributary.Hpi.Input;

/// <summary>Reads tracts.csv: <c>census_tract,cbsa_code,centroid_lat,centroid_lon,housing_units,housing_value,upb,college_share,nonwhite_share</c>.</summary>
public static class TractReader
{
    /// <summary>The required columns, in the documented order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["census_tract", "cbsa_code", "centroid_lat", "centroid_lon", "housing_units", "housing_value", "upb", "college_share", "nonwhite_share"];

    /// <summary>Upper bound on tracts in one file (the US has about 85,000 tracts).</summary>
    public const int MaxTracts = 1_000_000;

    /// <summary>Reads a file.</summary>
    public static TractCatalog Read(string path, bool skipInvalid, RejectLog rejects)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path, skipInvalid, rejects);
    }

    /// <summary>Reads a stream; <paramref name="file"/> names it in errors.</summary>
    public static TractCatalog Read(Stream stream, string file, bool skipInvalid, RejectLog rejects)
    {
        var policy = new RowErrorPolicy(skipInvalid, rejects);
        var catalog = new TractCatalog(declared: true);
        using var csv = CsvSource.Open(stream, file, Columns, e => policy.Reject(RejectReason.FieldCount, e));
        Span<double> numbers = stackalloc double[7];
        while (csv.Read())
        {
            var code = csv.Field(0);
            var cbsa = csv.Field(1);
            if (code is null || cbsa is null)
            {
                policy.Reject(RejectReason.MissingField, csv.Error(code is null ? Columns[0] : Columns[1], "empty"));
                continue;
            }

            if (!ReadNumbers(csv, numbers, policy))
            {
                continue;
            }

            var tract = new TractInfo(code, cbsa, numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5], numbers[6]);
            if (!catalog.TryAdd(tract))
            {
                policy.Reject(RejectReason.Duplicate, csv.Error(Columns[0], $"tract '{code}' is listed twice"));
            }
            else if (catalog.Count > MaxTracts)
            {
                throw new Tributary.Abstractions.Input.InvalidInputException(csv.Error(Columns[0], $"more than {MaxTracts} tracts"));
            }
        }

        policy.ThrowIfAny();
        csv.EnsureRows();
        return catalog;
    }

    private static bool ReadNumbers(CsvSource csv, Span<double> numbers, RowErrorPolicy policy)
    {
        for (var i = 0; i < numbers.Length; i++)
        {
            var column = Columns[i + 2];
            var text = csv.Field(i + 2);
            if (text is null)
            {
                policy.Reject(RejectReason.MissingField, csv.Error(column, "empty"));
                return false;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                policy.Reject(RejectReason.BadNumber, csv.Error(column, $"'{text}' is not a number"));
                return false;
            }

            var (min, max) = i switch
            {
                0 => (-90.0, 90.0),
                1 => (-180.0, 180.0),
                5 or 6 => (0.0, 1.0),
                _ => (0.0, 1e15),
            };
            if (value < min || value > max)
            {
                policy.Reject(RejectReason.OutOfRange, csv.Error(column, $"{text} is outside [{min}, {max}]"));
                return false;
            }

            numbers[i] = value;
        }

        return true;
    }
}
