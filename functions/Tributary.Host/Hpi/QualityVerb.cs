using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tributary.Host.Cli;
using Tributary.Hpi;
using Tributary.Hpi.Input;
using Tributary.Hpi.Quality;

namespace Tributary.Host.Hpi;

/// <summary><c>hpi quality</c>: what a data user needs before trusting a run.</summary>
public static class QualityVerb
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var transactions = new Option<FileInfo>("--transactions") { Description = "transactions.csv to check.", Required = true };
        var tracts = new Option<FileInfo?>("--tracts") { Description = "Optional tracts.csv: checks tract codes and adds supertract merging per year (needs centroids)." };
        var tractYears = new Option<FileInfo?>("--tract-years") { Description = "Optional tract_years.csv to check (needs --tracts)." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the full JSON report here (includes half-pairs per tract-year). Default: standard output." };
        var skip = new Option<bool>("--skip-invalid") { Description = "Skip and count bad rows by reason instead of stopping at the first ones." };
        var command = new Command("quality", "Report row counts, rejects by reason, pairs kept and dropped by each filter, half-pairs per tract-year "
            + "and tracts merged into supertracts per year.")
        {
            transactions, tracts, tractYears, output, skip,
        };
        command.SetAction(CliAction.Run((parse, cancel) => RunAsync(parse.GetValue(transactions)!.FullName, parse.GetValue(tracts)?.FullName,
            parse.GetValue(tractYears)?.FullName, parse.GetValue(output)?.FullName, parse.GetValue(skip), cancel)));
        return command;
    }

    /// <summary>Runs the verb (callable in-process from tests). Returns the exit code.</summary>
    public static async Task<int> RunAsync(string transactions, string? tracts, string? tractYears, string? output, bool skipInvalid,
        CancellationToken cancel = default)
    {
        if (tractYears is not null && tracts is null)
        {
            CliAction.Error("--tract-years needs --tracts");
            return CliAction.InvalidInput;
        }

        QualityReport report = null!;
        await CliAction.Progress.Progress().StartAsync(async ctx =>
        {
            var parseTask = ctx.AddTask("parsing transactions", maxValue: 1);
            var analyseTask = ctx.AddTask("analysing CBSAs", maxValue: 1);
            var dataset = await Task.Run(() => HpiDataset.Load(transactions, tracts, tractYears, skipInvalid,
                (read, length) => parseTask.Value = length > 0 ? (double)read / length : 0), cancel).ConfigureAwait(false);
            parseTask.Value = 1;
            report = await Task.Run(() => QualityAnalyzer.Analyze(dataset, HpiParameters.Default,
                (done, total) => analyseTask.Value = (double)done / total), cancel).ConfigureAwait(false);
            analyseTask.Value = 1;
        }).ConfigureAwait(false);

        if (output is null)
        {
            await using var stdout = Console.OpenStandardOutput();
            await JsonSerializer.SerializeAsync(stdout, report, Json, cancel).ConfigureAwait(false);
        }
        else
        {
            await using var file = File.Create(output);
            await JsonSerializer.SerializeAsync(file, report, Json, cancel).ConfigureAwait(false);
        }

        var table = new Table().AddColumns("item", "value");
        table.AddRow("transactions accepted / properties", $"{report.TransactionRows:N0} / {report.Properties:N0}");
        table.AddRow("tracts / CBSAs", $"{report.Tracts:N0} / {report.Cbsas:N0}");
        var rejected = report.RejectedRows.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value:N0}").ToArray();
        table.AddRow("rows rejected", rejected.Length == 0 ? "0" : Markup.Escape(string.Join(", ", rejected)));
        table.AddRow("pairs built", report.Pairs.Built.ToString("N0"));
        table.AddRow("  dropped: same year", report.Pairs.SamePeriod.ToString("N0"));
        table.AddRow("  dropped: ratio > 10", report.Pairs.RatioAboveMax.ToString("N0"));
        table.AddRow("  dropped: ratio < 0.25", report.Pairs.RatioBelowMin.ToString("N0"));
        table.AddRow("  dropped: |CAGR| > 30%", report.Pairs.CagrAboveMax.ToString("N0"));
        table.AddRow("pairs kept", report.Pairs.Kept.ToString("N0"));
        table.AddRow("pairs across tracts (not formed)", report.PairsAcrossTracts.ToString("N0"));
        table.AddRow($"tract-years below {report.HalfPairThreshold} half-pairs", report.TractYearsBelowThreshold.ToString("N0"));
        CliAction.Progress.Write(table);
        if (report.Supertracts is { Count: > 0 } years)
        {
            var merges = new Table().AddColumns("year", "tracts", "supertracts", "tracts merged", "CBSAs without estimate");
            foreach (var y in years)
            {
                merges.AddRow(y.Year.ToString(), y.Tracts.ToString("N0"), y.Supertracts.ToString("N0"), y.TractsMerged.ToString("N0"),
                    y.CbsasWithoutEstimate.ToString("N0"));
            }

            CliAction.Progress.Write(merges);
        }

        return 0;
    }
}
