using System.Globalization;
using Tributary.Abstractions.Input;

namespace Tributary.Hpi.Input;

/// <summary>Reads tract_years.csv: <c>census_tract,year,housing_units,housing_value,upb</c> (time-varying measures).</summary>
public static class TractYearReader
{
    /// <summary>The required columns.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["census_tract", "year", "housing_units", "housing_value", "upb"];

    /// <summary>Upper bound on rows (tracts × years).</summary>
    public const int MaxRows = 20_000_000;

    /// <summary>Reads a file.</summary>
    public static List<TractYearMeasure> Read(string path, TractCatalog tracts, bool skipInvalid, RejectLog rejects)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path, tracts, skipInvalid, rejects);
    }

    /// <summary>Reads a stream; every tract must be in <paramref name="tracts"/>.</summary>
    public static List<TractYearMeasure> Read(Stream stream, string file, TractCatalog tracts, bool skipInvalid, RejectLog rejects)
    {
        var policy = new RowErrorPolicy(skipInvalid, rejects);
        var rows = new List<TractYearMeasure>();
        var seen = new HashSet<(int, int)>();
        using var csv = CsvSource.Open(stream, file, Columns, e => policy.Reject(RejectReason.FieldCount, e));
        Span<double> numbers = stackalloc double[3];
        while (csv.Read())
        {
            var code = csv.Field(0);
            var yearText = csv.Field(1);
            if (code is null || yearText is null)
            {
                policy.Reject(RejectReason.MissingField, csv.Error(code is null ? Columns[0] : Columns[1], "empty"));
                continue;
            }

            var tract = tracts.IndexOf(code);
            if (tract < 0)
            {
                policy.Reject(RejectReason.UnknownTract, csv.Error(Columns[0], $"tract '{code}' is not in the tracts file"));
                continue;
            }

            if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1900 or > 2100)
            {
                policy.Reject(RejectReason.BadNumber, csv.Error(Columns[1], $"'{yearText}' is not a year in 1900–2100"));
                continue;
            }

            var ok = true;
            for (var i = 0; i < 3 && ok; i++)
            {
                var text = csv.Field(i + 2);
                if (text is null)
                {
                    policy.Reject(RejectReason.MissingField, csv.Error(Columns[i + 2], "empty"));
                    ok = false;
                }
                else if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
                {
                    policy.Reject(RejectReason.BadNumber, csv.Error(Columns[i + 2], $"'{text}' is not a number"));
                    ok = false;
                }
                else if (numbers[i] is < 0 or > 1e15)
                {
                    policy.Reject(RejectReason.OutOfRange, csv.Error(Columns[i + 2], $"{text} is outside [0, 1e15]"));
                    ok = false;
                }
            }

            if (!ok)
            {
                continue;
            }

            if (!seen.Add((tract, year)))
            {
                policy.Reject(RejectReason.Duplicate, csv.Error(Columns[1], $"tract '{code}' year {year} is listed twice"));
                continue;
            }

            rows.Add(new TractYearMeasure(tract, year, numbers[0], numbers[1], numbers[2]));
            if (rows.Count > MaxRows)
            {
                throw new InvalidInputException(csv.Error(Columns[0], $"more than {MaxRows} rows"));
            }
        }

        policy.ThrowIfAny();
        return rows;
    }
}
