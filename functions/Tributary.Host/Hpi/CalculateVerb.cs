using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Tributary.Host.Cli;
using Tributary.Hpi;
using Tributary.Hpi.Calculation;
using Tributary.Hpi.Input;
using Tributary.Hpi.Output;
using Tributary.Hpi.Partitioning;
using Tributary.Hpi.Weighting;

namespace Tributary.Host.Hpi;

/// <summary>Options of <c>hpi calculate</c>.</summary>
public sealed record CalculateOptions(
    string Transactions,
    string Tracts,
    string? TractYears,
    string Out,
    IReadOnlyList<WeightingScheme> Weightings,
    string Level,
    int? StartYear,
    int? EndYear,
    int? BaseYear,
    OutputFormat Format,
    bool SkipInvalid);

/// <summary><c>hpi calculate</c>: parse and split by CBSA (streamed to temp files) → compute each CBSA → national → write one level.</summary>
public static class CalculateVerb
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var transactions = new Option<FileInfo>("--transactions") { Description = "transactions.csv (or .parquet, by extension): property_id,transaction_date (yyyy-MM-dd),price,census_tract,cbsa_code.", Required = true };
        var tracts = new Option<FileInfo>("--tracts") { Description = "tracts.csv: census_tract,cbsa_code,centroid_lat,centroid_lon,housing_units,housing_value,upb,college_share,nonwhite_share.", Required = true };
        var tractYears = new Option<FileInfo?>("--tract-years") { Description = "Optional tract_years.csv: census_tract,year,housing_units,housing_value,upb. Without it the static tract measures hold every year." };
        var output = new Option<FileInfo>("--out") { Description = "Output file (replaced).", Required = true };
        var weighting = new Option<string?>("--weighting") { Description = "Weighting of supertracts into CBSA/national appreciation: sample, value, unit, upb, college or nonwhite. Default: all six (one block of rows each). Ignored at tract level." };
        weighting.AcceptOnlyFromAmong("sample", "value", "unit", "upb", "college", "nonwhite");
        var level = new Option<string>("--level") { Description = "Output level: cbsa, tract (each tract carries its supertract's appreciation) or national.", DefaultValueFactory = _ => "cbsa" };
        level.AcceptOnlyFromAmong("cbsa", "tract", "national");
        var start = new Option<int?>("--start-year") { Description = "First output year (index chain starts there). Default: first year with sales. Earlier sales still enter the regressions." };
        var end = new Option<int?>("--end-year") { Description = "Last output year. Default: last year with sales." };
        var baseYear = new Option<int?>("--base-year") { Description = "Year where index = 100. Default: the first output year." };
        var format = new Option<string>("--format") { Description = "Output format: csv, json or parquet.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json", "parquet");
        var skip = new Option<bool>("--skip-invalid") { Description = "Skip and count bad input rows (reported by reason) instead of stopping at them." };
        var command = new Command("calculate", "Calculate repeat-sales house price indices (FHFA WP 21-01): pair filters, yearly supertracts of ≥ 40 half-pairs, "
            + "BMN regressions, weighting, chaining. Bad input stops with file:line and field (exit 2) unless --skip-invalid.")
        {
            transactions, tracts, tractYears, output, weighting, level, start, end, baseYear, format, skip,
        };
        command.SetAction(CliAction.Run((parse, cancel) =>
        {
            var w = parse.GetValue(weighting);
            IReadOnlyList<WeightingScheme> weightings = w is null ? WeightingSchemes.All
                : WeightingSchemes.TryParse(w, out var scheme) ? [scheme] : WeightingSchemes.All;
            var options = new CalculateOptions(parse.GetValue(transactions)!.FullName, parse.GetValue(tracts)!.FullName,
                parse.GetValue(tractYears)?.FullName, parse.GetValue(output)!.FullName, weightings, parse.GetValue(level)!,
                parse.GetValue(start), parse.GetValue(end), parse.GetValue(baseYear),
                Enum.Parse<OutputFormat>(parse.GetValue(format)!, ignoreCase: true), parse.GetValue(skip));
            return RunAsync(options, cancel);
        }));
        return command;
    }

    /// <summary>Runs the verb (callable in-process from tests). Returns the exit code.</summary>
    public static async Task<int> RunAsync(CalculateOptions options, CancellationToken cancel = default)
    {
        var parameters = new HpiParameters(options.StartYear, options.EndYear, options.BaseYear);
        try
        {
            parameters.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            // Named as the user typed it: `--base-year 1: 1 is not a year in 1900–2100, …`.
            var option = e.ParamName switch
            {
                nameof(HpiParameters.StartYear) => $"--start-year {options.StartYear}",
                nameof(HpiParameters.EndYear) => $"--end-year {options.EndYear}",
                nameof(HpiParameters.BaseYear) => $"--base-year {options.BaseYear}",
                _ => e.ParamName ?? "parameters",
            };
            CliAction.Error($"{option}: {e.Message.Split(" (Parameter")[0]}");
            return CliAction.InvalidInput;
        }

        var clock = Stopwatch.StartNew();
        var rejects = new RejectLog();
        TractCatalog tractCatalog = null!;
        long transactions = 0;
        HpiRunResult run = null!;
        await CliAction.Progress.Progress().StartAsync(async ctx =>
        {
            var parseTask = ctx.AddTask("parsing transactions", maxValue: 1);
            var computeTask = ctx.AddTask("computing CBSAs", maxValue: 1);
            // The national file is split by CBSA through temp files, then computed CBSA by CBSA: memory follows the largest CBSA.
            using var spool = await Task.Run(() =>
            {
                tractCatalog = TractReader.Read(options.Tracts, options.SkipInvalid, rejects);
                var tractYears = options.TractYears is null ? [] : TractYearReader.Read(options.TractYears, tractCatalog, options.SkipInvalid, rejects);
                return MarketSpool.Create(options.Transactions, tractCatalog, tractYears, options.SkipInvalid, rejects,
                    progress: (read, length) => parseTask.Value = length > 0 ? (double)read / length : 0);
            }, cancel).ConfigureAwait(false);
            parseTask.Value = 1;
            transactions = spool.Transactions;
            run = await Task.Run(() => HpiRun.Execute(spool, parameters, (done, total) => computeTask.Value = (double)done / total,
                cancel: cancel), cancel).ConfigureAwait(false);
            computeTask.Value = 1;
        }).ConfigureAwait(false);

        // A base year outside every series would write no rows at all: an input error, said before anything is written.
        var indexed = run.Cbsas.Where(c => c.Diagnostics.FirstYear is not null && c.Diagnostics.LastYear is not null).ToList();
        if (indexed.Count > 0 && parameters.BaseYearProblem(indexed.Min(c => c.Diagnostics.FirstYear!.Value), indexed.Max(c => c.Diagnostics.LastYear!.Value)) is { } baseProblem)
        {
            CliAction.Error($"--base-year {options.BaseYear}: {baseProblem}");
            return CliAction.InvalidInput;
        }

        int rows, missingBase;
        switch (options.Level)
        {
            case "tract":
                var tractRows = IndexRows.Tract(run.Cbsas, options.BaseYear, out missingBase);
                await IndexWriter.WriteAsync(options.Out, tractRows, options.Format, cancel).ConfigureAwait(false);
                rows = tractRows.Count;
                break;
            case "national":
                var nationalRows = IndexRows.National(run.National, options.Weightings, options.BaseYear, out missingBase);
                await IndexWriter.WriteAsync(options.Out, nationalRows, options.Format, cancel).ConfigureAwait(false);
                rows = nationalRows.Count;
                break;
            default:
                var cbsaRows = IndexRows.Cbsa(run.Cbsas, options.Weightings, options.BaseYear, out missingBase);
                await IndexWriter.WriteAsync(options.Out, cbsaRows, options.Format, cancel).ConfigureAwait(false);
                rows = cbsaRows.Count;
                break;
        }

        var filters = run.Cbsas.Aggregate(Tributary.Hpi.Pairs.PairFilterCounts.Zero, (sum, r) => sum + r.Diagnostics.Filters);
        var missingYears = run.Cbsas.Sum(r => r.Diagnostics.YearsWithoutEstimate.Count);
        var table = new Table().AddColumns("item", "value");
        table.AddRow("transactions accepted", transactions.ToString("N0"));
        table.AddRow("rows rejected (--skip-invalid)", Markup.Escape(Describe(rejects)));
        table.AddRow("pairs built / kept", $"{filters.Built:N0} / {filters.Kept:N0}");
        table.AddRow("dropped: same year, ratio > max, ratio < min, |CAGR| > max",
            $"{filters.SamePeriod:N0}, {filters.RatioAboveMax:N0}, {filters.RatioBelowMin:N0}, {filters.CagrAboveMax:N0}");
        table.AddRow("CBSAs / tracts", $"{run.Cbsas.Count:N0} / {tractCatalog.Count:N0}");
        table.AddRow("CBSA-years without estimate", missingYears.ToString("N0"));
        if (missingBase > 0)
        {
            table.AddRow("series without the base year (left out)", missingBase.ToString("N0"));
        }

        table.AddRow($"{options.Level} rows written", $"{rows:N0} → {Markup.Escape(options.Out)}");
        table.AddRow("elapsed", $"{clock.Elapsed.TotalSeconds:F1} s");
        CliAction.Progress.Write(table);
        return 0;
    }

    internal static string Describe(RejectLog rejects) =>
        rejects.Total == 0 ? "0" : string.Join(", ", rejects.ByReason.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value:N0}"));
}
