using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tributary.Forecast.Simulation;
using Tributary.Host.Cli;

namespace Tributary.Host.Forecast;

/// <summary><c>forecast generate</c>: a simulated market with known demand, in the input schemas plus truth.csv.</summary>
public static class GenerateVerb
{
    private static readonly SimulationOptions Defaults = new();

    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Directory for sales.csv, weather.csv, events.csv, products.csv and truth.csv (created if missing).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed writes the same files.", DefaultValueFactory = _ => Defaults.Seed };
        var markets = new Option<int>("--markets") { Description = "Number of markets (each meets on one or two weekdays).", DefaultValueFactory = _ => Defaults.Markets };
        var vendors = new Option<int>("--vendors") { Description = "Number of vendors (30% trade at two markets).", DefaultValueFactory = _ => Defaults.Vendors };
        var products = new Option<int>("--products-per-vendor") { Description = "Products per vendor.", DefaultValueFactory = _ => Defaults.ProductsPerVendor };
        var start = new Option<string>("--start") { Description = "First day of history (yyyy-MM-dd).", DefaultValueFactory = _ => SimulationOptions.DefaultStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        var days = new Option<int>("--history-days") { Description = "Days of history (1095 = three years).", DefaultValueFactory = _ => Defaults.HistoryDays };
        var future = new Option<int>("--future-days") { Description = "Days after the history with weather forecasts, events and truth: the days to recommend for.", DefaultValueFactory = _ => Defaults.FutureDays };
        var stockouts = new Option<string>("--stockouts") { Description = "normal (vendors bring 0.95–1.6× their own forecast) or heavy (0.6–0.95×: most days sell out).", DefaultValueFactory = _ => "normal" };
        stockouts.AcceptOnlyFromAmong("normal", "heavy");
        var size = new Option<double>("--noise-size") { Description = "Negative-binomial size k of demand noise (variance μ + μ²/k); larger is calmer.", DefaultValueFactory = _ => Defaults.Size };
        var command = new Command("generate", "Simulate farmers' markets with known demand: vendors, products with categories, weekday crowds, seasons, "
            + "weather, events, price changes, stock-outs and negative-binomial noise. truth.csv (expected and realised demand) is for "
            + "evaluation only.\n\nExample:\n  tributary forecast generate --out /tmp/market --seed 7 --vendors 40")
        {
            outDir, seed, markets, vendors, products, start, days, future, stockouts, size,
        };
        command.SetAction(CliAction.Run((parse, cancel) =>
        {
            if (!DateOnly.TryParseExact(parse.GetValue(start), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            {
                CliAction.Error($"--start: '{parse.GetValue(start)}' is not a date yyyy-MM-dd");
                return Task.FromResult(CliAction.InvalidInput);
            }

            var options = new SimulationOptions(parse.GetValue(seed), parse.GetValue(markets), parse.GetValue(vendors), parse.GetValue(products),
                first, parse.GetValue(days), parse.GetValue(future), parse.GetValue(size));
            if (parse.GetValue(stockouts) == "heavy")
            {
                options = options.WithHeavyStockouts();
            }

            return RunAsync(parse.GetValue(outDir)!.FullName, options, cancel);
        }));
        return command;
    }

    /// <summary>Runs the verb (callable in-process from tests). Returns the exit code.</summary>
    public static async Task<int> RunAsync(string directory, SimulationOptions options, CancellationToken cancel = default)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            CliAction.Error(e.Message);
            return CliAction.InvalidInput;
        }

        SimulatedMarket market = null!;
        await CliAction.Progress.Status().StartAsync("simulating the market", async _ =>
            market = await Task.Run(() => MarketSimulator.Write(directory, options), cancel).ConfigureAwait(false)).ConfigureAwait(false);

        var inv = CultureInfo.InvariantCulture;
        var sales = market.Inputs.Sales;
        var coming = string.Join(",", market.FutureDates.Where(d => d.DayOfWeek == DayOfWeek.Saturday).Select(d => d.ToString("yyyy-MM-dd", inv)));
        var table = new Table().AddColumns("item", "value");
        table.AddRow("directory", Markup.Escape(directory));
        table.AddRow("seed", options.Seed.ToString(inv));
        table.AddRow("history", $"{options.FirstDay:yyyy-MM-dd} – {options.LastHistoryDay:yyyy-MM-dd}");
        table.AddRow("markets / vendors / series", $"{options.Markets} / {options.Vendors} / {sales.Products.Count}");
        table.AddRow("market days with sales", sales.DayCount.ToString("N0", inv));
        table.AddRow("sold-out days", $"{sales.Products.Sum(p => p.Days.Count(d => d.SoldOut)):N0}");
        table.AddRow("coming Saturdays", coming.Length == 0 ? "(none)" : coming);
        table.AddRow("files", string.Join(", ", MarketSimulator.Files));
        CliAction.Progress.Write(table);
        if (coming.Length > 0)
        {
            CliAction.Progress.MarkupLine(Markup.Escape($"next: tributary forecast recommend --sales {Path.Combine(directory, "sales.csv")} "
                + $"--weather {Path.Combine(directory, "weather.csv")} --events {Path.Combine(directory, "events.csv")} --dates {coming} --out {Path.Combine(directory, "out")}"));
        }

        return 0;
    }
}
