using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Tributary.Hpi;
using Tributary.Hpi.Calculation;
using Tributary.Hpi.Input;
using Tributary.Hpi.Output;
using Tributary.Hpi.Partitioning;
using Tributary.Hpi.Simulation;
using Tributary.Hpi.Weighting;

namespace Tributary.Bench.Hpi;

/// <summary><c>hpi-national</c>: the whole <c>hpi calculate</c> path (parse → pairs → supertracts → regressions → six
/// weightings → CSV) on a generated market of FHFA's national size, with each phase's wall and CPU time, pairs/s and
/// peak resident memory. The market is generated once into a folder and reused by later runs with the same size.</summary>
public static class NationalBenchmark
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = "Folder of the generated market (reused when its size matches).", DefaultValueFactory = _ => "/tmp/hpi-national" };
        var cbsas = new Option<int>("--cbsas") { Description = "CBSAs (FHFA: 581).", DefaultValueFactory = _ => 581 };
        var tracts = new Option<int>("--tracts-per-cbsa") { Description = "Tracts per CBSA (581 × 109 ≈ FHFA's 63k tracts).", DefaultValueFactory = _ => 109 };
        var properties = new Option<int>("--properties-per-tract") { Description = "Mean properties per tract (344 gives about 63M pairs at full size).", DefaultValueFactory = _ => 344 };
        var parquet = new Option<bool>("--parquet") { Description = "Also convert the transactions to Parquet and read those instead of the CSV." };
        var command = new Command("hpi-national", "House price index at FHFA's national scale (~63M pairs, 581 CBSAs, 63k tracts): generate once, then time every phase of hpi calculate.")
        {
            dir, cbsas, tracts, properties, parquet,
        };
        command.SetAction(async (parse, cancel) =>
        {
            await RunAsync(parse.GetValue(dir)!, new SimulationOptions(Seed: 2026, Cbsas: parse.GetValue(cbsas), TractsPerCbsa: parse.GetValue(tracts),
                StartYear: 1990, EndYear: 2021, PropertiesPerTract: parse.GetValue(properties)), parse.GetValue(parquet), cancel).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(string directory, SimulationOptions options, bool parquet, CancellationToken cancel)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var marker = Path.Combine(directory, "options.txt");
        var transactionsCsv = Path.Combine(directory, "transactions.csv");
        if (!File.Exists(marker) || File.ReadAllText(marker) != options.ToString())
        {
            console.MarkupLine($"generating {options.Cbsas} CBSAs × {options.TractsPerCbsa} tracts × ~{options.PropertiesPerTract} properties into {Markup.Escape(directory)}");
            var generate = Stopwatch.StartNew();
            var (rows, _) = MarketSimulator.Write(directory, options);
            File.WriteAllText(marker, options.ToString());
            console.MarkupLine($"generated {rows:N0} transactions, {new FileInfo(transactionsCsv).Length / 1e9:F2} GB CSV, in {generate.Elapsed.TotalSeconds:F0} s (one thread, streamed)");
        }

        var transactions = transactionsCsv;
        if (parquet)
        {
            transactions = Path.Combine(directory, "transactions.parquet");
            if (!File.Exists(transactions))
            {
                var convert = Stopwatch.StartNew();
                await ParquetTransactionWriter.ConvertAsync(transactionsCsv, transactions, cancel).ConfigureAwait(false);
                console.MarkupLine($"converted to Parquet: {new FileInfo(transactions).Length / 1e9:F2} GB in {convert.Elapsed.TotalSeconds:F0} s");
            }
        }

        var phases = new List<(string Name, TimeSpan Wall, TimeSpan Cpu, long PeakBytes)>();
        var process = Process.GetCurrentProcess();
        var total = Stopwatch.StartNew();
        var totalCpu = process.TotalProcessorTime;
        T Measure<T>(string name, Func<T> work)
        {
            ResetPeak();
            var (result, wall, cpu) = PhaseClock.Measure(work);
            phases.Add((name, wall, cpu, PeakResident()));
            return result;
        }

        var rejects = new RejectLog();
        var (catalog, tractYears) = Measure("tracts + tract_years", () =>
        {
            var c = TractReader.Read(Path.Combine(directory, "tracts.csv"), false, rejects);
            return (c, TractYearReader.Read(Path.Combine(directory, "tract_years.csv"), c, false, rejects));
        });
        using var spool = Measure("transactions → spool", () => MarketSpool.Create(transactions, catalog, tractYears, false, rejects));
        var run = Measure("CBSAs (load, filter, supertracts, BMN, weights, chain) + national", () => HpiRun.Execute(spool, HpiParameters.Default));
        var output = Path.Combine(directory, "cbsa.csv");
        Measure("cbsa.csv written (six weightings)", () =>
        {
            IndexWriter.WriteAsync(output, IndexRows.Cbsa(run.Cbsas, WeightingSchemes.All, null, out _), OutputFormat.Csv, cancel).GetAwaiter().GetResult();
            return 0;
        });
        var wallTotal = total.Elapsed;
        process.Refresh();
        var cpuTotal = process.TotalProcessorTime - totalCpu;

        long pairs = Enumerable.Range(0, spool.Count).Sum(spool.PairCount);
        var kept = run.Cbsas.Sum(c => c.Diagnostics.Filters.Kept);
        var supertractYears = run.Cbsas.Sum(c => c.Diagnostics.SupertractYears.Where(s => s.Estimated).Sum(s => s.Supertracts));
        var solved = run.Cbsas.Sum(c => c.Diagnostics.SupertractYears.Sum(s => s.RegressionsSolved));
        console.MarkupLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average {Markup.Escape(HpiBenchmark.LoadAverage())}");
        console.MarkupLine($"market: {spool.Count} CBSAs, {catalog.Count:N0} tracts, {spool.Transactions:N0} transactions ({new FileInfo(transactions).Length / 1e9:F2} GB {(parquet ? "Parquet" : "CSV")}), "
            + $"{pairs:N0} pairs ({kept:N0} kept), {supertractYears:N0} supertract-year estimates from {solved:N0} distinct BMN systems; largest CBSA {Enumerable.Range(0, spool.Count).Max(spool.PairCount):N0} pairs");
        var table = new Table().AddColumns("phase", "wall s", "CPU s", "pairs/s (wall)", "peak RSS GiB");
        foreach (var (name, wall, cpu, peak) in phases)
        {
            table.AddRow(Markup.Escape(name), $"{wall.TotalSeconds:F1}", $"{cpu.TotalSeconds:F1}", $"{pairs / wall.TotalSeconds:N0}", $"{peak / (double)(1L << 30):F2}");
        }

        table.AddRow("  spool: parse + spill rows by property", $"{spool.ParseTime.TotalSeconds:F1}", "", $"{pairs / spool.ParseTime.TotalSeconds:N0}", "");
        table.AddRow("  spool: pairs + spill by CBSA", $"{spool.PairTime.TotalSeconds:F1}", "", $"{pairs / spool.PairTime.TotalSeconds:N0}", "");
        table.AddRow("end to end", $"{wallTotal.TotalSeconds:F1}", $"{cpuTotal.TotalSeconds:F1}", $"{pairs / wallTotal.TotalSeconds:N0}",
            $"{phases.Max(p => p.PeakBytes) / (double)(1L << 30):F2}");
        AnsiConsole.Write(table);
    }

    /// <summary>Resets the kernel's peak-RSS mark (Linux), so each phase reports its own peak.</summary>
    private static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>VmHWM from /proc/self/status (peak resident set since the last reset), else the process peak working set.</summary>
    private static long PeakResident()
    {
        if (File.Exists("/proc/self/status"))
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out var kb))
            {
                return kb * 1024;
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
