using System.Globalization;
using System.Text;
using Tributary.Forecast.Input;
using Tributary.Forecast.Recommendations;

namespace Tributary.Pipeline.Forecast;

/// <summary>Writes a bucket of vendors' sales in the sales.csv schema for its partition, so the activity reads it with the engine's own reader.</summary>
public static class VendorSalesCsv
{
    /// <summary>
    /// Writes the series series by series, in the order given (the order of the drop's sales.csv), so the partition reads its
    /// vendors' series in the order the whole-market run sees them; prices are written round-trip ("R") so no value changes.
    /// </summary>
    public static byte[] Write(IEnumerable<ProductHistory> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder(string.Join(",", SalesReader.Columns)).Append('\n');
        foreach (var product in series)
        {
            var key = product.Key;
            var names = string.Join(",", Csv.Quote(key.Market), Csv.Quote(key.Vendor), Csv.Quote(key.Product));
            foreach (var day in product.Days)
            {
                text.Append(day.Date.ToString("yyyy-MM-dd", inv)).Append(',').Append(names).Append(',')
                    .Append(day.UnitsSold.ToString(inv)).Append(',').Append(day.UnitsBrought?.ToString(inv) ?? "").Append(',')
                    .Append(day.Price.ToString("R", inv)).Append('\n');
            }
        }

        return new UTF8Encoding(false).GetBytes(text.ToString());
    }
}
