using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Tributary.Forecast.Input;
using Tributary.Forecast.Model;
using Tributary.Forecast.Recommendations;
using Tributary.Forecast.Simulation;

namespace Tributary.Bench.Forecast;

/// <summary>
/// <c>forecast</c>: training and recommendation throughput (vendor-products per second) and peak memory of the demand model on
/// a simulated market, run the way <c>forecast recommend</c> runs it: market priors once, then each vendor alone, in parallel.
/// </summary>
public static class ForecastBenchmark
{
    /// <summary>The <c>forecast</c> command.</summary>
    public static Command Create()
    {
        var size = new Option<int>("--vendor-products") { Description = "Vendor-products to simulate (4 products per vendor; 30% of vendors trade at two markets).", DefaultValueFactory = _ => 10_000 };
        var years = new Option<int>("--years") { Description = "Years of market-day history.", DefaultValueFactory = _ => 3 };
        var dates = new Option<int>("--dates") { Description = "Coming market days to recommend for.", DefaultValueFactory = _ => 4 };
        var command = new Command("forecast", "Demand model: training and recommendation throughput (vendor-products/s) and peak memory.") { size, years, dates };
        command.SetAction(parse =>
        {
            var vendorProducts = parse.GetValue(size);
            const int productsPerVendor = 4;
            var vendors = Math.Max(1, vendorProducts / productsPerVendor);
            var options = new SimulationOptions(Seed: 2026, Markets: Math.Clamp(vendors / 100, 3, 1000), Vendors: vendors, ProductsPerVendor: productsPerVendor,
                HistoryDays: 365 * parse.GetValue(years), FutureDays: 28, HistoryTruth: false);

            // Warm-up on a small market: JIT and tiered compilation of the fitting loops, so the phases below measure steady work.
            var warm = MarketSimulator.Simulate(options with { Vendors = 50, Markets = 3 });
            MarketRecommendations.Compute(warm.Inputs, warm.FutureDates.Take(2).ToArray());

            var (market, simulate) = Time(() => MarketSimulator.Simulate(options));
            var inputs = market.Inputs;
            var sales = inputs.Sales;
            var coming = market.FutureDates.Take(parse.GetValue(dates)).ToArray();
            var byVendor = sales.ByVendor();

            var (priors, fit) = Time(() => MarketPriors.Fit(inputs));
            var models = new DemandModel[byVendor.Count];
            var (_, train) = Time(() => Parallel.For(0, byVendor.Count, i => models[i] = DemandModel.Train(inputs.WithSales(byVendor[i]), priors)));
            var rows = 0L;
            var (_, recommend) = Time(() => Parallel.For(0, models.Length, i =>
                Interlocked.Add(ref rows, Recommender.Recommend(models[i], coming, inputs.WithSales(byVendor[i])).Count)));

            var inv = CultureInfo.InvariantCulture;
            var table = new Table().AddColumns("phase", "wall s", "CPU s", "vendor-products/s (wall)", "series/s (wall)");
            void Row(string name, (double Wall, double Cpu) t, long units = -1) => table.AddRow(name, t.Wall.ToString("F2", inv), t.Cpu.ToString("F2", inv),
                units < 0 ? "" : (units / t.Wall).ToString("N0", inv), units < 0 ? "" : (sales.Products.Count / t.Wall).ToString("N0", inv));
            Row("simulate (not part of the model)", simulate);
            Row("market priors (pooled fits)", fit);
            Row("train every vendor", train, vendorProducts);
            Row("priors + training", (fit.Wall + train.Wall, fit.Cpu + train.Cpu), vendorProducts);
            Row($"recommend {coming.Length} dates", recommend, vendorProducts);
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(string.Create(inv, $"{vendorProducts:N0} vendor-products, {sales.Products.Count:N0} series, {sales.DayCount:N0} market days, "
                + $"{options.Markets} markets, {priors.Groups.Count} (market, category) groups; {rows:N0} recommendations"));
            AnsiConsole.MarkupLine(string.Create(inv, $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB (whole process, simulated market included); "
                + $"{Environment.ProcessorCount} cores visible, .NET {Environment.Version}, load average {LoadAverage()}"));
            return 0;
        });
        return command;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static (T Result, (double Wall, double Cpu) Time) Time<T>(Func<T> action)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = action();
        return (result, (clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds));
    }
}
