using System.CommandLine;
using Spectre.Console;
using Tributary.Host.Cli;
using Tributary.Hpi.Input;
using Tributary.Hpi.Simulation;

namespace Tributary.Host.Hpi;

/// <summary><c>hpi generate</c>: writes a simulated market with a known true index.</summary>
public static class GenerateVerb
{
    private static readonly SimulationOptions Defaults = new();

    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Directory to write transactions.csv, tracts.csv, tract_years.csv, truth.csv and truth_tracts.csv into (created if missing).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed writes the same bytes.", DefaultValueFactory = _ => Defaults.Seed };
        var cbsas = new Option<int>("--cbsas") { Description = "Number of CBSAs (metro areas).", DefaultValueFactory = _ => Defaults.Cbsas };
        var tracts = new Option<int>("--tracts-per-cbsa") { Description = "Census tracts per CBSA.", DefaultValueFactory = _ => Defaults.TractsPerCbsa };
        var start = new Option<int>("--start-year") { Description = "First year with sales (the truth is 100 there).", DefaultValueFactory = _ => Defaults.StartYear };
        var end = new Option<int>("--end-year") { Description = "Last year with sales.", DefaultValueFactory = _ => Defaults.EndYear };
        var properties = new Option<int>("--properties-per-tract") { Description = "Mean properties per tract (each tract gets 0.5–1.5× this; each property sells with probability 0.12 a year).", DefaultValueFactory = _ => Defaults.PropertiesPerTract };
        var parquet = new Option<bool>("--parquet") { Description = "Also write transactions.parquet (the same rows; hpi calculate reads it by extension)." };
        var command = new Command("generate", "Simulate housing markets with a known true index: each tract follows a CBSA trend plus its own deviation; "
            + "sales carry property noise, outliers and same-year flips that the filters should remove.")
        {
            outDir, seed, cbsas, tracts, start, end, properties, parquet,
        };
        command.SetAction(CliAction.Run((parse, cancel) => RunAsync(parse.GetValue(outDir)!.FullName,
            new SimulationOptions(parse.GetValue(seed), parse.GetValue(cbsas), parse.GetValue(tracts), parse.GetValue(start),
                parse.GetValue(end), parse.GetValue(properties)), cancel, parse.GetValue(parquet))));
        return command;
    }

    /// <summary>Runs the verb (callable in-process from tests). Returns the exit code.</summary>
    public static async Task<int> RunAsync(string outDirectory, SimulationOptions options, CancellationToken cancel = default, bool parquet = false)
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

        (long Transactions, long Properties) written = default;
        await CliAction.Progress.Progress().StartAsync(async ctx =>
        {
            var task = ctx.AddTask("simulating CBSAs", maxValue: options.Cbsas);
            written = await Task.Run(() => MarketSimulator.Write(outDirectory, options, (done, _) => task.Value = done), cancel).ConfigureAwait(false);
            if (parquet)
            {
                await ParquetTransactionWriter.ConvertAsync(Path.Combine(outDirectory, "transactions.csv"), Path.Combine(outDirectory, "transactions.parquet"), cancel)
                    .ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        var table = new Table().AddColumns("item", "value");
        table.AddRow("directory", Markup.Escape(outDirectory));
        table.AddRow("seed", options.Seed.ToString());
        table.AddRow("CBSAs × tracts", $"{options.Cbsas} × {options.TractsPerCbsa}");
        table.AddRow("years", $"{options.StartYear}–{options.EndYear}");
        table.AddRow("properties sold", written.Properties.ToString("N0"));
        table.AddRow("transactions", written.Transactions.ToString("N0"));
        table.AddRow("files", string.Join(", ", parquet ? [.. MarketSimulator.Files, "transactions.parquet"] : MarketSimulator.Files));
        CliAction.Progress.Write(table);
        return 0;
    }
}
