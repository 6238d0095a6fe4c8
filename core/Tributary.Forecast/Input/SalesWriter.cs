using System.Globalization;
using System.Text;
using Tributary.Forecast.Recommendations;

namespace Tributary.Forecast.Input;

/// <summary>Writes a sales history in the sales.csv schema (the simulator's output, the feedback loop's merged history).</summary>
public static class SalesWriter
{
    public static void Write(string path, SalesHistory history)
    {
        var inv = CultureInfo.InvariantCulture;
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write(string.Join(",", SalesReader.Columns) + "\n");
        var rows = history.Products.SelectMany(p => p.Days.Select(d => (p.Key, Day: d)))
            .OrderBy(r => r.Day.Date).ThenBy(r => r.Key.Market, StringComparer.Ordinal).ThenBy(r => r.Key.Vendor, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Product, StringComparer.Ordinal);
        foreach (var (key, day) in rows)
        {
            writer.Write(string.Join(",", day.Date.ToString("yyyy-MM-dd", inv), Csv.Quote(key.Market), Csv.Quote(key.Vendor), Csv.Quote(key.Product),
                day.UnitsSold.ToString(inv), day.UnitsBrought?.ToString(inv) ?? "", day.Price.ToString("0.00", inv)));
            writer.Write('\n');
        }
    }
}
