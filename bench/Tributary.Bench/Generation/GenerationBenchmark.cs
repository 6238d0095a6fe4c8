using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Tributary.Generation.Batches;
using Tributary.Generation.Features;
using Tributary.Generation.Output;
using Tributary.Generation.Reference;
using Tributary.Generation.Transactions;

namespace Tributary.Bench.Generation;

/// <summary>
/// <c>gen</c>: single-thread throughput of the generator (alone, with features, to CSV, to Parquet), the same writes
/// with batches on every core as <c>gen run</c> does, and peak memory of a CSV run at two counts, each measured in a
/// fresh child process so the peaks are comparable.
/// </summary>
public static class GenerationBenchmark
{
    /// <summary>The <c>gen</c> command.</summary>
    public static Command Create()
    {
        var count = new Option<long>("--count") { Description = "Transactions per measurement (memory is also probed at 4x this).", DefaultValueFactory = _ => 1_000_000 };
        var probe = new Option<long>("--memory-probe") { Description = "Internal: generate this many rows to CSV and print the peak working set.", Hidden = true };
        var command = new Command("gen", "Synthetic transaction generator: transactions/s per core and peak memory.") { count, probe };
        command.SetAction(async (parse, cancel) =>
        {
            var probeCount = parse.GetValue(probe);
            if (probeCount > 0)
            {
                await WriteCsv(probeCount, features: false);
                Console.WriteLine(Process.GetCurrentProcess().PeakWorkingSet64.ToString(CultureInfo.InvariantCulture));
                return 0;
            }

            var n = parse.GetValue(count);
            // Wall time suffers when other processes share the cores; CPU time of this (single-threaded) work does not.
            var table = new Table().AddColumns("measurement", "transactions", "wall s", "CPU s", "txn/s (wall)", "txn/s per CPU-second");
            void Row(string name, long rows, (double Wall, double Cpu) t) =>
                table.AddRow(name, rows.ToString("N0", CultureInfo.InvariantCulture), t.Wall.ToString("F2", CultureInfo.InvariantCulture),
                    t.Cpu.ToString("F2", CultureInfo.InvariantCulture), (rows / t.Wall).ToString("N0", CultureInfo.InvariantCulture),
                    (rows / t.Cpu).ToString("N0", CultureInfo.InvariantCulture));

            await WriteCsv(200_000, features: true); // warm-up: JIT and tiered compilation
            Row("generation alone", n, Time(() => GenerateOnly(n, features: false)));
            Row("generation + 69 features", n, Time(() => GenerateOnly(n, features: true)));
            Row("to CSV (incl. SHA-256)", n, await TimeAsync(() => WriteCsv(n, features: false)));
            Row("to CSV with features", n, await TimeAsync(() => WriteCsv(n, features: true)));
            var parquetRows = Math.Min(n, 1_000_000);
            Row("to Parquet (incl. SHA-256)", parquetRows, await TimeAsync(() => Write(parquetRows, OutputFormat.Parquet, false)));
            Row("to Parquet with features", parquetRows, await TimeAsync(() => Write(parquetRows, OutputFormat.Parquet, true)));
            AnsiConsole.Write(table);

            // What `gen run` does: batches of 100,000 written in parallel on every core (the pipeline's activities
            // do the same across workers). Wall clock is the figure here; CPU time shows what the cores gave.
            var cores = Environment.ProcessorCount;
            var parallel = new Table().AddColumns($"all {cores} cores, batches of {ParallelBatch:N0} in parallel", "transactions", "wall s", "CPU s", "txn/s (wall)");
            void ParallelRow(string name, long rows, (double Wall, double Cpu) t) =>
                parallel.AddRow(name, rows.ToString("N0", CultureInfo.InvariantCulture), t.Wall.ToString("F2", CultureInfo.InvariantCulture),
                    t.Cpu.ToString("F2", CultureInfo.InvariantCulture), (rows / t.Wall).ToString("N0", CultureInfo.InvariantCulture));
            ParallelRow("to CSV with features", n, await TimeAsync(() => WriteParallel(n, OutputFormat.Csv, true, cancel)));
            ParallelRow("to Parquet", parquetRows, await TimeAsync(() => WriteParallel(parquetRows, OutputFormat.Parquet, false, cancel)));
            ParallelRow("to Parquet with features", parquetRows, await TimeAsync(() => WriteParallel(parquetRows, OutputFormat.Parquet, true, cancel)));
            AnsiConsole.Write(parallel);

            var memory = new Table().AddColumns("CSV run of", "peak working set (MiB)");
            foreach (var rows in new[] { n, 4 * n })
            {
                memory.AddRow(rows.ToString("N0", CultureInfo.InvariantCulture), (ProbeMemory(rows) / 1048576.0).ToString("F0", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(memory);
            AnsiConsole.MarkupLine($"one thread, {Environment.ProcessorCount} cores visible, .NET {Environment.Version}; SynFinance reference: 17k/s claimed, ~4.8k/s measured, 3.8 GB for 1M");
            return 0;
        });
        return command;
    }

    private static GenerationRunSpec Spec(long count) => new() { Seed = 2026, TotalCount = count, BatchSize = (int)Math.Min(count, 10_000_000) };

    private static void GenerateOnly(long count, bool features)
    {
        var spec = Spec(count);
        var reference = ReferenceData.For(spec);
        var values = new float[FeatureCatalog.Count];
        foreach (var slice in BatchPlan.For(spec).Slices)
        {
            var generator = new TransactionGenerator(spec, reference, slice);
            var extractor = features ? new FeatureExtractor(reference) : null;
            var tx = default(Transaction);
            while (generator.Next(ref tx))
            {
                extractor?.Compute(in tx, values);
            }
        }
    }

    private static Task WriteCsv(long count, bool features) => Write(count, OutputFormat.Csv, features);

    private static async Task Write(long count, OutputFormat format, bool features)
    {
        var spec = Spec(count);
        var reference = ReferenceData.For(spec);
        foreach (var slice in BatchPlan.For(spec).Slices)
        {
            await BatchWriter.WriteAsync(spec, slice.Index, format, features, Stream.Null, reference);
        }
    }

    private const int ParallelBatch = 100_000;

    private static async Task WriteParallel(long count, OutputFormat format, bool features, CancellationToken cancel)
    {
        var spec = new GenerationRunSpec { Seed = 2026, TotalCount = count, BatchSize = (int)Math.Min(count, ParallelBatch) };
        var reference = ReferenceData.For(spec);
        await Parallel.ForEachAsync(
            BatchPlan.For(spec).Slices,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancel },
            async (slice, ct) => await BatchWriter.WriteAsync(spec, slice.Index, format, features, Stream.Null, reference, cancel: ct));
    }

    private static long ProbeMemory(long rows)
    {
        // Started as `dotnet Tributary.Bench.dll` the process path is the dotnet host: pass the assembly along.
        var host = Environment.ProcessPath!;
        string[] args = ["gen", "--memory-probe", rows.ToString(CultureInfo.InvariantCulture)];
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            args = [typeof(GenerationBenchmark).Assembly.Location, .. args];
        }

        using var child = Process.Start(new ProcessStartInfo(host, args)
        {
            RedirectStandardOutput = true,
        })!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return long.Parse(output.Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
    }

    private static (double Wall, double Cpu) Time(Action action)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        return (clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    private static async Task<(double Wall, double Cpu)> TimeAsync(Func<Task> action)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await action();
        return (clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }
}
