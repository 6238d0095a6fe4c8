using System.Globalization;
using System.Text;
using Tributary.Forecast.Input;
using Tributary.Forecast.Recommendations;

namespace Tributary.Forecast.Simulation;

/// <summary>Writes a simulated market in the input schemas, so <c>generate</c> output feeds <c>recommend</c> unchanged.</summary>
public static class SimulationWriter
{
    public static void Write(string directory, SimulatedMarket market)
    {
        Directory.CreateDirectory(directory);
        var inv = CultureInfo.InvariantCulture;
        SalesWriter.Write(Path.Combine(directory, "sales.csv"), market.Inputs.Sales);

        using (var weather = Open(directory, "weather.csv", string.Join(",", WeatherTable.Columns)))
        {
            var lastDay = market.Options.LastHistoryDay.AddDays(market.Options.FutureDays);
            foreach (var name in market.Inputs.Sales.Products.Select(p => p.Key.Market).Distinct().Order(StringComparer.Ordinal))
            {
                for (var date = market.Options.FirstDay; date <= lastDay; date = date.AddDays(1))
                {
                    var (w, _) = market.Inputs.Weather!.Resolve(name, date);
                    weather.Write(string.Join(",", date.ToString("yyyy-MM-dd", inv), Csv.Quote(name), w.TempC.ToString("0.0", inv),
                        w.PrecipMm.ToString("0.0", inv), w.WindKph.ToString("0.0", inv)));
                    weather.Write('\n');
                }
            }
        }

        using (var events = Open(directory, "events.csv", string.Join(",", EventCalendar.Columns)))
        {
            var lastDay = market.Options.LastHistoryDay.AddDays(market.Options.FutureDays);
            foreach (var name in market.Inputs.Sales.Products.Select(p => p.Key.Market).Distinct().Order(StringComparer.Ordinal))
            {
                for (var date = market.Options.FirstDay; date <= lastDay; date = date.AddDays(1))
                {
                    foreach (var e in market.Inputs.Events!.On(name, date))
                    {
                        events.Write(string.Join(",", date.ToString("yyyy-MM-dd", inv), Csv.Quote(name), Csv.Quote(e.Name), e.ExpectedAttendance.ToString(inv)));
                        events.Write('\n');
                    }
                }
            }
        }

        using (var products = Open(directory, "products.csv", string.Join(",", ProductCatalog.Columns)))
        {
            foreach (var p in market.Inputs.Sales.Products.Select(p => (p.Key.Vendor, p.Key.Product, p.Category)).Distinct())
            {
                products.Write(string.Join(",", Csv.Quote(p.Vendor), Csv.Quote(p.Product), Csv.Quote(p.Category ?? "")) + "\n");
            }
        }

        market.Truth.Write(Path.Combine(directory, "truth.csv"));
    }

    private static StreamWriter Open(string directory, string name, string header)
    {
        var writer = new StreamWriter(Path.Combine(directory, name), false, new UTF8Encoding(false));
        writer.Write(header + "\n");
        return writer;
    }
}
