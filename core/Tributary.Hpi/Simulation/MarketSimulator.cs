using System.Globalization;
using System.Text;

namespace Tributary.Hpi.Simulation;

/// <summary>Simulates housing markets with a known true index and writes them in the input schemas (<c>hpi generate</c>).</summary>
/// <remarks>
/// Truth: each CBSA has a log-price trend C(t) (random walk with a CBSA drift); each tract adds a deviation d(t) (AR(1),
/// demeaned across the CBSA's tracts every year, so the CBSA truth is C). A sale in year t is priced
/// exp(base + C(t) + d(t) + noise): property-level noise is N(0, 0.08) in logs, 1% of sales are outliers off by a factor of
/// 12–40 (which the ratio filter removes), and 1% of properties also flip within the year (removed by the same-period filter).
/// The same seed writes the same bytes: one seeded <see cref="Random"/>, fixed iteration order, invariant formatting.
/// </remarks>
public static class MarketSimulator
{
    /// <summary>Files written into the output directory.</summary>
    public static IReadOnlyList<string> Files { get; } = ["transactions.csv", "tracts.csv", "tract_years.csv", "truth.csv", "truth_tracts.csv"];

    /// <summary>Writes the five files into <paramref name="directory"/> (created if needed). Returns (transactions, properties).</summary>
    public static (long Transactions, long Properties) Write(string directory, SimulationOptions options, Action<int, int>? cbsaDone = null)
    {
        Directory.CreateDirectory(directory);
        using var tx = Open(directory, "transactions.csv", "property_id,transaction_date,price,census_tract,cbsa_code");
        using var tracts = Open(directory, "tracts.csv",
            "census_tract,cbsa_code,centroid_lat,centroid_lon,housing_units,housing_value,upb,college_share,nonwhite_share");
        using var tractYears = Open(directory, "tract_years.csv", "census_tract,year,housing_units,housing_value,upb");
        using var truth = Open(directory, "truth.csv", "cbsa_code,year,index");
        using var truthTracts = Open(directory, "truth_tracts.csv", "census_tract,cbsa_code,year,index");
        return Write(options, tx, tracts, tractYears, truth, truthTracts, cbsaDone);
    }

    /// <summary>Writes to the given writers (each already holding its header).</summary>
    public static (long Transactions, long Properties) Write(SimulationOptions options, TextWriter transactions, TextWriter tracts,
        TextWriter tractYears, TextWriter truth, TextWriter truthTracts, Action<int, int>? cbsaDone = null)
    {
        options.Validate();
        var random = new Random(options.Seed);
        var years = options.EndYear - options.StartYear + 1;
        var c = new double[years];
        var d = new double[options.TractsPerCbsa, years];
        var inv = CultureInfo.InvariantCulture;
        long transactionCount = 0, propertyCount = 0;
        var sales = new List<(int Year, int DayOfYear, bool Outlier)>();
        for (var cbsaIndex = 0; cbsaIndex < options.Cbsas; cbsaIndex++)
        {
            var cbsa = (10000 + cbsaIndex * 7).ToString("D5", inv);
            var centreLat = 30 + 15 * random.NextDouble();
            var centreLon = -120 + 45 * random.NextDouble();
            var drift = 0.05 * random.NextDouble();
            for (var y = 1; y < years; y++)
            {
                c[y] = c[y - 1] + drift + Normal(random, 0.04);
            }

            for (var t = 0; t < options.TractsPerCbsa; t++)
            {
                for (var y = 1; y < years; y++)
                {
                    d[t, y] = 0.7 * d[t, y - 1] + Normal(random, 0.03);
                }
            }

            for (var y = 1; y < years; y++)
            {
                var mean = 0.0;
                for (var t = 0; t < options.TractsPerCbsa; t++)
                {
                    mean += d[t, y];
                }

                mean /= options.TractsPerCbsa;
                for (var t = 0; t < options.TractsPerCbsa; t++)
                {
                    d[t, y] -= mean;
                }
            }

            for (var y = 0; y < years; y++)
            {
                truth.Write($"{cbsa},{options.StartYear + y},{(100 * Math.Exp(c[y])).ToString("R", inv)}\n");
            }

            for (var t = 0; t < options.TractsPerCbsa; t++)
            {
                // State (2) + county (3) + tract (6) digits; state codes start at 01, so leading zeros are exercised.
                var tract = $"{cbsaIndex % 50 + 1:D2}{cbsaIndex / 50 % 1000:D3}{t + 1:D6}";
                var lat = centreLat + 0.3 * (random.NextDouble() - 0.5);
                var lon = centreLon + 0.3 * (random.NextDouble() - 0.5);
                var properties = (int)Math.Max(1, Math.Round(options.PropertiesPerTract * (0.5 + random.NextDouble())));
                var level = Math.Log(250_000) + Normal(random, 0.3);
                var units = properties * (1.5 + random.NextDouble());
                var upbShare = 0.3 + 0.3 * random.NextDouble();
                tracts.Write(string.Create(inv,
                    $"{tract},{cbsa},{lat:F6},{lon:F6},{units:F0},{units * Math.Exp(level):F0},{upbShare * units * Math.Exp(level):F0},{random.NextDouble() * 0.6 + 0.1:F4},{random.NextDouble() * 0.6 + 0.1:F4}\n"));
                for (var y = 0; y < years; y++)
                {
                    var unitsY = units * Math.Pow(1.01, y);
                    var value = unitsY * Math.Exp(level + c[y] + d[t, y]);
                    tractYears.Write(string.Create(inv, $"{tract},{options.StartYear + y},{unitsY:F0},{value:F0},{value * upbShare:F0}\n"));
                    truthTracts.Write($"{tract},{cbsa},{options.StartYear + y},{(100 * Math.Exp(c[y] + d[t, y])).ToString("R", inv)}\n");
                }

                for (var p = 0; p < properties; p++)
                {
                    var id = $"P{cbsaIndex:D4}{t:D5}{p:D6}";
                    var propertyLevel = level + Normal(random, 0.25);
                    sales.Clear();
                    for (var y = 0; y < years; y++)
                    {
                        if (random.NextDouble() < options.SaleProbability)
                        {
                            sales.Add((y, random.Next(0, 180), random.NextDouble() < 0.01));
                            if (random.NextDouble() < 0.01)
                            {
                                sales.Add((y, 180 + random.Next(0, 180), false));
                            }
                        }
                    }

                    if (sales.Count > 0)
                    {
                        propertyCount++;
                    }

                    foreach (var (y, dayOfYear, outlier) in sales)
                    {
                        var logPrice = propertyLevel + c[y] + d[t, y] + Normal(random, 0.08);
                        if (outlier)
                        {
                            var factor = Math.Log(12 + 28 * random.NextDouble());
                            logPrice += random.NextDouble() < 0.5 ? factor : -factor;
                        }

                        var date = new DateOnly(options.StartYear + y, 1, 1).AddDays(dayOfYear);
                        transactions.Write(string.Create(inv, $"{id},{date:yyyy-MM-dd},{Math.Round(Math.Exp(logPrice)):F0},{tract},{cbsa}\n"));
                        transactionCount++;
                    }
                }
            }

            cbsaDone?.Invoke(cbsaIndex + 1, options.Cbsas);
        }

        return (transactionCount, propertyCount);
    }

    private static StreamWriter Open(string directory, string name, string header)
    {
        var writer = new StreamWriter(Path.Combine(directory, name), append: false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        writer.Write(header);
        writer.Write('\n');
        return writer;
    }

    /// <summary>Box–Muller normal draw; uses two uniforms from the seeded generator every call, so streams stay aligned.</summary>
    private static double Normal(Random random, double sd)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
