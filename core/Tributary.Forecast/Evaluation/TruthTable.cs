using System.Globalization;
using System.Text;
using Tributary.Abstractions.Input;
using Tributary.Forecast.Input;
using Tributary.Forecast.Recommendations;

namespace Tributary.Forecast.Evaluation;

/// <summary>truth.csv: <c>date,market,vendor,product,expected_demand,demand,size</c>, written by the simulator for evaluation only.</summary>
public sealed class TruthTable
{
    private readonly Dictionary<(SeriesKey, DateOnly), TruthDay> _days;

    public TruthTable(IEnumerable<TruthDay> days)
    {
        _days = [];
        foreach (var d in days)
        {
            _days[(d.Key, d.Date)] = d;
        }
    }

    /// <summary>The columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["date", "market", "vendor", "product", "expected_demand", "demand", "size"];

    public int Count => _days.Count;

    public IEnumerable<TruthDay> Days => _days.Values;

    public bool TryGet(SeriesKey key, DateOnly date, out TruthDay day) => _days.TryGetValue((key, date), out day);

    /// <summary>Writes the table, ordered by date and series.</summary>
    public void Write(TextWriter writer)
    {
        var inv = CultureInfo.InvariantCulture;
        writer.Write(string.Join(",", Columns) + "\n");
        foreach (var d in _days.Values.OrderBy(d => d.Date).ThenBy(d => d.Key.Market, StringComparer.Ordinal)
                     .ThenBy(d => d.Key.Vendor, StringComparer.Ordinal).ThenBy(d => d.Key.Product, StringComparer.Ordinal))
        {
            writer.Write(string.Join(",", d.Date.ToString("yyyy-MM-dd", inv), Csv.Quote(d.Key.Market), Csv.Quote(d.Key.Vendor),
                Csv.Quote(d.Key.Product), d.ExpectedDemand.ToString("F4", inv), d.Demand.ToString(inv), d.Size.ToString("R", inv)));
            writer.Write('\n');
        }
    }

    /// <summary>Reads truth.csv.</summary>
    public static TruthTable Read(string path)
    {
        using var stream = File.OpenRead(path);
        var errors = new List<InputError>();
        var days = new List<TruthDay>();
        using var csv = CsvSource.Open(stream, path, Columns, InputErrors.Collector(errors));
        while (csv.Read())
        {
            var ok = csv.TryDate(0, errors, out var date);
            ok &= csv.TryText(1, errors, out var market);
            ok &= csv.TryText(2, errors, out var vendor);
            ok &= csv.TryText(3, errors, out var product);
            ok &= csv.TryNumber(4, errors, 0, 1e9, out var expected);
            ok &= csv.TryInt(5, errors, 0, int.MaxValue, out var demand);
            ok &= csv.TryNumber(6, errors, 1e-6, 1e9, out var size);
            if (ok)
            {
                days.Add(new TruthDay(new SeriesKey(market, vendor, product), date, expected, demand, size));
            }

            InputErrors.ThrowIfFull(errors);
        }

        InputErrors.ThrowIfAny(errors);
        return new TruthTable(days);
    }

    /// <summary>Writes the table to a file.</summary>
    public void Write(string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        Write(writer);
    }
}
