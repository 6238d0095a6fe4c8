using System.Globalization;
using System.Text;
using Tributary.Abstractions.Input;
using Tributary.Forecast.Input;
using Tributary.Forecast.Recommendations;

namespace Tributary.Forecast.Feedback;

/// <summary>The feedback loop's files in an output directory: feedback.csv (every variance so far), accuracy.csv (KPIs).</summary>
public static class FeedbackLedger
{
    public const string FileName = "feedback.csv";
    public const string AccuracyFileName = "accuracy.csv";
    public const string Header = "date,market,vendor,product,model_version,recommended_units,median_units,units_brought,units_sold,sold_out,brought_minus_recommended,waste_units";

    private static readonly string[] Columns = ["date", "market", "vendor", "product", "model_version", "recommended_units", "median_units", "units_brought", "units_sold"];

    /// <summary>The outcome of recording one batch of actuals.</summary>
    /// <param name="Unmatched">Actual days with no recommendation to compare with (kept in the history, not in the ledger).</param>
    public sealed record Outcome(IReadOnlyList<Variance> Added, int Unmatched, int Pending, IReadOnlyList<AccuracyKpis> Kpis);

    /// <summary>Joins actuals with the issued recommendations, adds them to the ledger (a day recorded again replaces the
    /// earlier record), and rewrites accuracy.csv from the whole ledger.</summary>
    public static Outcome Record(string directory, IReadOnlyList<IssuedRecommendation> issued, SalesHistory actuals)
    {
        var byKey = issued.GroupBy(r => (r.Key, r.Date)).ToDictionary(g => g.Key, g => g.Last());
        var added = new List<Variance>();
        var unmatched = 0;
        foreach (var series in actuals.Products)
        {
            foreach (var day in series.Days)
            {
                if (byKey.TryGetValue((series.Key, day.Date), out var r))
                {
                    added.Add(new Variance(series.Key, day.Date, r.ModelVersion, r.RecommendedUnits, r.MedianUnits, day.UnitsBrought, day.UnitsSold));
                }
                else
                {
                    unmatched++;
                }
            }
        }

        var ledger = Read(directory).ToDictionary(v => (v.Key, v.Date, v.ModelVersion));
        foreach (var v in added)
        {
            ledger[(v.Key, v.Date, v.ModelVersion)] = v;
        }

        var all = ledger.Values.OrderBy(v => v.Date).ThenBy(v => v.Key.Market, StringComparer.Ordinal).ThenBy(v => v.Key.Vendor, StringComparer.Ordinal)
            .ThenBy(v => v.Key.Product, StringComparer.Ordinal).ThenBy(v => v.ModelVersion).ToList();
        Write(directory, all);
        var kpis = AccuracyKpis.Compute(all);
        WriteKpis(Path.Combine(directory, AccuracyFileName), kpis);
        var answered = added.Select(v => (v.Key, v.Date)).ToHashSet();
        return new Outcome(added, unmatched, byKey.Keys.Count(k => !answered.Contains(k)), kpis);
    }

    /// <summary>The ledger so far (empty when none).</summary>
    public static IReadOnlyList<Variance> Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return [];
        }

        var errors = new List<InputError>();
        var result = new List<Variance>();
        using var stream = File.OpenRead(path);
        using var csv = CsvSource.Open(stream, path, Columns, InputErrors.Collector(errors));
        while (csv.Read())
        {
            var ok = csv.TryDate(0, errors, out var date) & csv.TryText(1, errors, out var market) & csv.TryText(2, errors, out var vendor)
                & csv.TryText(3, errors, out var product) & csv.TryInt(4, errors, 0, int.MaxValue, out var version)
                & csv.TryInt(5, errors, 0, int.MaxValue, out var recommended) & csv.TryInt(6, errors, 0, int.MaxValue, out var median)
                & csv.TryInt(8, errors, 0, int.MaxValue, out var sold);
            int? brought = null;
            if (csv.Field(7) is not null)
            {
                ok &= csv.TryInt(7, errors, 0, int.MaxValue, out var b);
                brought = b;
            }

            if (ok)
            {
                result.Add(new Variance(new SeriesKey(market, vendor, product), date, version, recommended, median, brought, sold));
            }

            InputErrors.ThrowIfFull(errors);
        }

        InputErrors.ThrowIfAny(errors);
        return result;
    }

    private static void Write(string directory, IReadOnlyList<Variance> all)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder(Header).Append('\n');
        foreach (var v in all)
        {
            text.Append(string.Join(",", v.Date.ToString("yyyy-MM-dd", inv), Csv.Quote(v.Key.Market), Csv.Quote(v.Key.Vendor), Csv.Quote(v.Key.Product),
                v.ModelVersion.ToString(inv), v.RecommendedUnits.ToString(inv), v.MedianUnits.ToString(inv), v.UnitsBrought?.ToString(inv) ?? "",
                v.UnitsSold.ToString(inv), v.SoldOut ? "yes" : "no", v.BroughtMinusRecommended?.ToString(inv) ?? "", v.Waste.ToString(inv))).Append('\n');
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, FileName), text.ToString());
    }

    private static void WriteKpis(string path, IReadOnlyList<AccuracyKpis> kpis)
    {
        var inv = CultureInfo.InvariantCulture;
        static string F(double v) => double.IsNaN(v) ? "" : v.ToString("F4", CultureInfo.InvariantCulture);
        var text = new StringBuilder(AccuracyKpis.Header).Append('\n');
        foreach (var k in kpis)
        {
            text.Append(string.Join(",", k.Period, Csv.Quote(k.Vendor), k.ModelVersion.ToString(inv), k.Days.ToString(inv), k.Evaluated.ToString(inv),
                F(k.WithinShare), F(k.Mape), F(k.Bias), F(k.SelloutRate), F(k.WasteRate))).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    /// <summary>History plus actuals, for retraining: a day present in both takes the actual (the later, corrected record).</summary>
    public static SalesHistory Merge(SalesHistory history, SalesHistory actuals)
    {
        var merged = history.Products.ToDictionary(p => p.Key, p => (p.Category, Days: p.Days.ToDictionary(d => d.Date)));
        foreach (var p in actuals.Products)
        {
            if (!merged.TryGetValue(p.Key, out var entry))
            {
                merged[p.Key] = entry = (p.Category, []);
            }

            foreach (var d in p.Days)
            {
                entry.Days[d.Date] = d;
            }
        }

        return new SalesHistory(merged.Select(kv => new ProductHistory(kv.Key, kv.Value.Category, kv.Value.Days.Values.OrderBy(d => d.Date).ToArray())).ToArray());
    }
}
