using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Tributary.Abstractions.Input;
using Tributary.Generation.Batches;
using Tributary.Generation.Output;
using Tributary.Generation.Reference;
using Tributary.Host.Cli;

namespace Tributary.Host.Generation;

/// <summary><c>gen run</c>: writes batches, reference data and manifest.json to a folder.</summary>
internal static class GenRunVerb
{
    private const string CommandLine = "command line";

    public static Command Create()
    {
        var count = new Option<long>("--count") { Description = "Total transactions in the run (1 to 10,000,000,000).", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder; created if missing. Existing files of the same names are overwritten.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Run seed: the same seed, count and batch size give byte-identical files.", DefaultValueFactory = _ => 42 };
        var batchSize = new Option<int>("--batch-size") { Description = "Transactions per batch file (100 to 50,000,000). Batch i depends only on (seed, i).", DefaultValueFactory = _ => 100_000 };
        var fraudRate = new Option<double>("--fraud-rate") { Description = "Share of rows labelled fraud, 0 to 0.5. The pattern mix is the documented default.", DefaultValueFactory = _ => 0.02 };
        var format = new Option<string>("--format") { Description = "Output format: csv, parquet or jsonl.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "parquet", "jsonl");
        var features = new Option<bool>("--features") { Description = "Also write the 69 ML feature columns (needed by `model`). Slower." };
        var batches = new Option<string?>("--batches") { Description = "Only these batch indices, comma-separated (e.g. 0,3,7). Their bytes equal the same batches of a full run; manifest.json merges them with batches already in the folder." };

        var command = new Command("run", "Generate a run: batch-00000.<fmt> …, customers.<fmt>, merchants.<fmt> and manifest.json (parameters, schema version, rows and SHA-256 per file).")
        {
            count, output, seed, batchSize, fraudRate, format, features, batches,
        };
        command.SetAction(CliAction.Run(async (parse, cancel) =>
        {
            var spec = new GenerationRunSpec
            {
                Seed = parse.GetValue(seed),
                TotalCount = parse.GetValue(count),
                BatchSize = parse.GetValue(batchSize),
                FraudRate = parse.GetValue(fraudRate),
            };
            var problems = spec.Problems();
            if (problems.Count > 0)
            {
                throw new InvalidInputException(problems.Select(p => new InputError(CommandLine, 0, null, p)).ToArray());
            }

            OutputFormats.TryParse(parse.GetValue(format), out var fmt);
            var selected = ParseBatches(parse.GetValue(batches), spec.BatchCount);
            var dir = parse.GetValue(output)!;
            dir.Create();
            return await RunAsync(spec, fmt, parse.GetValue(features), selected, dir, cancel);
        }));
        return command;
    }

    private static async Task<int> RunAsync(GenerationRunSpec spec, OutputFormat format, bool features, int[] selected, DirectoryInfo dir, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var reference = ReferenceData.For(spec);
        var referenceFiles = new List<FileSummary>();
        await using (var customers = File.Create(Path.Combine(dir.FullName, $"customers.{format.Extension()}")))
        {
            referenceFiles.Add(await ReferenceDataWriter.WriteCustomersAsync(reference, format, customers, cancel));
        }

        await using (var merchants = File.Create(Path.Combine(dir.FullName, $"merchants.{format.Extension()}")))
        {
            referenceFiles.Add(await ReferenceDataWriter.WriteMerchantsAsync(reference, format, merchants, cancel));
        }

        var plan = BatchPlan.For(spec);
        var totalRows = selected.Sum(i => (long)plan[i].Count);
        var summaries = new BatchSummary[selected.Length];
        long written = 0;
        await CliAction.Progress.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var bar = ctx.AddTask($"generating {totalRows:N0} transactions", maxValue: totalRows);
                // Batches are independent, so they run on every core; the bytes do not depend on the schedule.
                await Parallel.ForEachAsync(
                    Enumerable.Range(0, selected.Length),
                    new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancel },
                    async (k, ct) =>
                    {
                        var index = selected[k];
                        long reported = 0;
                        var progress = new SynchronousProgress(rows =>
                        {
                            var delta = rows - reported;
                            reported = rows;
                            bar.Value = Interlocked.Add(ref written, delta);
                        });
                        await using var file = File.Create(Path.Combine(dir.FullName, BatchWriter.FileName(index, format)));
                        summaries[k] = await BatchWriter.WriteAsync(spec, index, format, features, file, reference, progress, ct);
                    });
                bar.Value = totalRows;
            });

        var manifestPath = Path.Combine(dir.FullName, "manifest.json");
        var manifest = ManifestBuilder.Build(spec, format, features, referenceFiles, summaries);
        if (selected.Length < spec.BatchCount && File.Exists(manifestPath))
        {
            await using var existing = File.OpenRead(manifestPath);
            var previous = await ReadManifestOrNull(existing, cancel);
            if (previous is not null && ManifestBuilder.SameRun(previous, manifest))
            {
                manifest = ManifestBuilder.Build(spec, format, features, referenceFiles, previous.Batches.Concat(summaries));
            }
        }

        await using (var stream = File.Create(manifestPath))
        {
            await manifest.WriteAsync(stream, cancel);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var table = new Table().AddColumns("batches", "rows", "fraud rows", "anomaly rows", "seconds", "rows/s");
        table.AddRow(
            $"{selected.Length} of {spec.BatchCount}",
            totalRows.ToString("N0", CultureInfo.InvariantCulture),
            summaries.Sum(s => s.FraudRows).ToString("N0", CultureInfo.InvariantCulture),
            summaries.Sum(s => s.AnomalyRows).ToString("N0", CultureInfo.InvariantCulture),
            seconds.ToString("F1", CultureInfo.InvariantCulture),
            (totalRows / Math.Max(seconds, 1e-9)).ToString("N0", CultureInfo.InvariantCulture));
        CliAction.Progress.Write(table);
        CliAction.Progress.MarkupLine($"wrote [bold]{Markup.Escape(dir.FullName)}[/] (manifest lists {manifest.Batches.Count} of {manifest.BatchCount} batches)");
        return 0;
    }

    private static async Task<RunManifest?> ReadManifestOrNull(Stream stream, CancellationToken cancel)
    {
        try
        {
            return await RunManifest.ReadAsync(stream, cancel);
        }
        catch (System.Text.Json.JsonException)
        {
            return null; // an unreadable old manifest is replaced, not merged
        }
    }

    private static int[] ParseBatches(string? text, int batchCount)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Enumerable.Range(0, batchCount).ToArray();
        }

        var errors = new List<InputError>();
        var result = new SortedSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i))
            {
                errors.Add(new InputError(CommandLine, 0, "--batches", $"'{part}' is not a batch index"));
            }
            else if (i >= batchCount)
            {
                errors.Add(new InputError(CommandLine, 0, "--batches", $"batch {i} does not exist; this run has batches 0..{batchCount - 1}"));
            }
            else
            {
                result.Add(i);
            }
        }

        return errors.Count > 0 ? throw new InvalidInputException(errors) : result.ToArray();
    }

    /// <summary>Reports on the writer's thread (Progress&lt;T&gt; would post to the thread pool and reorder reports).</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
