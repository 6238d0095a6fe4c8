using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Tributary.Abstractions.Input;
using Tributary.Forecast.Feedback;
using Tributary.Forecast.Input;
using Tributary.Forecast.Recommendations;
using Tributary.Host.Cli;

namespace Tributary.Host.Forecast;

/// <summary><c>forecast recommend</c>: trains on the history and writes recommendations.csv for the requested dates.</summary>
public static class RecommendVerb
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var inputs = new InputOptions();
        var dates = new Option<string>("--dates") { Description = "Coming market days, comma-separated ISO dates: 2027-06-05,2027-06-12.", Required = true };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Directory for recommendations.csv, recommendation_details.csv and models.json (created if missing; models.json gains a version).", Required = true };
        var level = new Option<double>("--service-level") { Description = "Probability that what is brought covers demand: recommended_units is this quantile of predicted demand.", DefaultValueFactory = _ => Recommender.DefaultServiceLevel };
        var command = new Command("recommend", "Recommend how many units of each product every vendor should bring: one row per date × each "
            + "(market, vendor, product) that sold at that market in the last 365 days of history, with the median, a p10–p90 interval, "
            + "expected revenue, the inputs used (and fallbacks) and a one-line reason.\n\nExample:\n"
            + "  tributary forecast recommend --sales sales.csv --weather weather.csv --events events.csv \\\n"
            + "      --dates 2027-06-05,2027-06-12 --out out --service-level 0.8");
        foreach (var option in inputs.All.Concat<Option>([dates, outDir, level]))
        {
            command.Options.Add(option);
        }

        command.SetAction(CliAction.Run((parse, cancel) =>
        {
            var serviceLevel = parse.GetValue(level);
            if (serviceLevel is <= 0 or >= 1)
            {
                CliAction.Error($"--service-level: {serviceLevel.ToString(CultureInfo.InvariantCulture)} must lie strictly between 0 and 1");
                return Task.FromResult(CliAction.InvalidInput);
            }

            return RunAsync(inputs, parse, ParseDates(parse.GetValue(dates)!), parse.GetValue(outDir)!.FullName, serviceLevel, cancel);
        }));
        return command;
    }

    /// <summary>Parses <c>--dates</c>; a bad date is input the user must fix.</summary>
    internal static IReadOnlyList<DateOnly> ParseDates(string text)
    {
        var result = new SortedSet<DateOnly>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!DateOnly.TryParseExact(part, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new InvalidInputException(new InputError("--dates", 0, null, $"'{part}' is not a date yyyy-MM-dd"));
            }

            result.Add(date);
        }

        if (result.Count == 0)
        {
            throw new InvalidInputException(new InputError("--dates", 0, null, "no dates given"));
        }

        return result.ToArray();
    }

    private static async Task<int> RunAsync(InputOptions options, ParseResult parse, IReadOnlyList<DateOnly> dates, string outDir, double serviceLevel,
        CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        ForecastInputs inputs = null!;
        string? productsFile = null;
        IReadOnlyList<Recommendation> recommendations = [];
        await CliAction.Progress.Progress().StartAsync(async ctx =>
        {
            var read = ctx.AddTask("reading inputs", maxValue: 1);
            var vendors = ctx.AddTask("training and recommending, vendor by vendor", maxValue: 1);
            (inputs, productsFile) = await Task.Run(() => options.Load(parse, dates[0]), cancel).ConfigureAwait(false);
            read.Value = 1;
            recommendations = await Task.Run(() => MarketRecommendations.Compute(inputs, dates, serviceLevel,
                vendorDone: (done, total) => vendors.Value = (double)done / total, cancel: cancel).Recommendations, cancel).ConfigureAwait(false);
            vendors.Value = 1;
        }).ConfigureAwait(false);

        var sales = inputs.Sales;
        var version = ModelVersions.Append(outDir, (number, previous) => new ModelVersion(number, DateTime.UtcNow, sales.Last,
            parse.GetValue(options.Sales)!.FullName, sales.Products.Count, sales.DayCount, sales.Products.Sum(p => p.Days.Count(d => d.SoldOut)),
            previous.Count == 0 ? 0 : sales.Products.Sum(p => p.Days.Count(d => d.Date > previous[^1].HistoryEnd)),
            inputs.Weather is not null, inputs.Events is not null, serviceLevel, dates));
        RecommendationWriter.Write(outDir, recommendations, version.Version);

        var table = new Table().AddColumns("item", "value");
        table.AddRow("history", $"{sales.First:yyyy-MM-dd} – {sales.Last:yyyy-MM-dd}: {sales.DayCount:N0} market days, {sales.Products.Count:N0} series, {sales.Vendors.Count:N0} vendors");
        table.AddRow("inputs", Markup.Escape($"weather {(inputs.Weather is null ? "none" : "yes")}, events {(inputs.Events is null ? "none" : "yes")}, "
            + $"categories {(productsFile is null ? "none" : Path.GetFileName(productsFile))}"));
        table.AddRow("recommendations", $"{recommendations.Count:N0} ({dates.Count} dates)");
        table.AddRow("weather used", Count(recommendations, "weather=forecast") + " forecast, " + Count(recommendations, "weather=climatology")
            + " climatology, " + Count(recommendations, "weather=neutral") + " neutral");
        table.AddRow("rows for new products (pooled prior)", Count(recommendations, ";prior="));
        table.AddRow("model version", $"{version.Version} (models.json)");
        table.AddRow("written", Markup.Escape(Path.Combine(outDir, RecommendationWriter.FileName)));
        table.AddRow("elapsed", $"{clock.Elapsed.TotalSeconds:F1} s");
        CliAction.Progress.Write(table);
        return 0;
    }

    private static string Count(IReadOnlyList<Recommendation> recommendations, string token) =>
        recommendations.Count(r => r.InputsUsed.Contains(token, StringComparison.Ordinal)).ToString("N0", CultureInfo.InvariantCulture);
}
