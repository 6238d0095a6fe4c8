using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Spectre.Console;
using Tributary.Pipeline.Hosting;
using Tributary.Hpi.Simulation;
using Tributary.Host.Runtime;
using Tributary.Host.Serve;
using Tributary.Pipeline.Drops;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Synthetic;
using Tributary.Local.Emulators;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// Each workload's sample run end to end on the self-hosted runtime (drop → Completed, Durable Task Framework over the
/// Azure Storage provider on Azurite, results in the local Cosmos server), next to the same work done by the engine's CLI
/// verb without orchestration. The difference is what orchestration and storage cost a run.
/// </summary>
public static class WorkloadRunsBenchmark
{
    public static Command Create()
    {
        var cbsas = new Option<int>("--cbsas") { Description = "CBSAs of the simulated house-price market.", DefaultValueFactory = _ => 40 };
        var backends = new Option<string[]>("--backends") { Description = "Where run state lives: memory, Azurite or both. One pass holds its drops in Azurite's in-memory store (about half of RAM), so a national market fits one pass.", DefaultValueFactory = _ => ["memory", "Azurite"], AllowMultipleArgumentsPerToken = true };
        backends.AcceptOnlyFromAmong("memory", "Azurite");
        var hpiMarket = new Option<string?>("--hpi-market") { Description = "Use this folder's transactions.csv, tracts.csv and tract_years.csv (e.g. the hpi-national market) instead of generating one." };
        var records = new Option<int>("--recon-records") { Description = "Records per side of the trades reconciliation.", DefaultValueFactory = _ => 200_000 };
        var buckets = new Option<int>("--recon-buckets") { Description = "Key-hash buckets (partitions) of the reconciliation.", DefaultValueFactory = _ => 4 };
        var rows = new Option<int>("--gen-rows") { Description = "Rows of the generation run.", DefaultValueFactory = _ => 1_000_000 };
        var batch = new Option<int?>("--gen-batch") { Description = "Rows per generation batch (partition). Default: what the pipeline chooses for the row count (about 32 batches)." };
        var command = new Command("runs", "Each workload's sample run through `serve`'s runtime on the emulators vs the engine's CLI verb alone; seconds and overhead.")
        {
            cbsas, hpiMarket, backends, records, buckets, rows, batch,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var scratch = Directory.CreateTempSubdirectory("tributary-bench-runs-").FullName;
            var batchSize = parse.GetValue(batch) ?? Tributary.Pipeline.Generation.GenRunParameters.AutoBatchSize(parse.GetValue(rows));
            try
            {
                var market = parse.GetValue(hpiMarket) ?? Path.Combine(scratch, "market");
                if (parse.GetValue(hpiMarket) is null)
                {
                    MarketSimulator.Write(market, new SimulationOptions(Seed: 7, Cbsas: parse.GetValue(cbsas), TractsPerCbsa: 16, StartYear: 2000, EndYear: 2020, PropertiesPerTract: 400));
                }

                var trades = Path.Combine(scratch, "trades");
                ReconDataGenerator.WriteFiles("trades", parse.GetValue(records), seed: 11, breakRate: 0.01, trades);
                var samples = new[]
                {
                    new Sample("hpi", parse.GetValue(hpiMarket) is { } given ? Path.GetFileName(given.TrimEnd('/')) : $"{parse.GetValue(cbsas)} CBSAs", "hpi-drop", "m/", ["transactions.csv", "tracts.csv", "tract_years.csv"], market, "{}",
                        ["hpi", "calculate", "--transactions", Path.Combine(market, "transactions.csv"), "--tracts", Path.Combine(market, "tracts.csv"),
                         "--tract-years", Path.Combine(market, "tract_years.csv"), "--out", Path.Combine(scratch, "cbsa.csv")]),
                    new Sample("recon", $"{parse.GetValue(records):N0} per side", "recon-drop", "t/", ["left.csv", "right.csv"], trades,
                        $$"""{"profile": "trades", "buckets": {{parse.GetValue(buckets)}}}""",
                        ["recon", "run", "--profile", "trades", "--left", Path.Combine(trades, "left.csv"), "--right", Path.Combine(trades, "right.csv"),
                         "--out", Path.Combine(scratch, "recon-out"), "--buckets", $"{parse.GetValue(buckets)}"]),
                    new Sample("gen", $"{parse.GetValue(rows):N0} rows", "gen-requests", "", [], scratch,
                        $$"""{"seed": 42, "count": {{parse.GetValue(rows)}}, "batchSize": {{batchSize}}}""",
                        ["gen", "run", "--count", $"{parse.GetValue(rows)}", "--batch-size", $"{batchSize}", "--seed", "42", "--out", Path.Combine(scratch, "gen-out")]),
                };

                var direct = new Dictionary<string, double>();
                foreach (var sample in samples)
                {
                    var clock = Stopwatch.StartNew();
                    var code = await Cli().Parse(sample.Verb).InvokeAsync(cancellationToken: cancel);
                    direct[sample.Kind] = clock.Elapsed.TotalSeconds;
                    if (code != 0)
                    {
                        throw new InvalidOperationException($"{string.Join(' ', sample.Verb)} exited {code}");
                    }
                }

                Console.Error.WriteLine("starting Azurite and the local Cosmos server...");
                await using var emulators = await LocalEmulators.StartAsync(cancellationToken: cancel);
                await using var backend = await BackendFactory.ConnectAsync(emulators.StorageSettings, emulators.CosmosSettings, "bench", null, cancel);
                var services = new PipelineServices(backend.Blobs, backend.Documents, backend.Events, TimeProvider.System);
                var parts = PipelineParts.Compose(services);
                var workloads = parts.Workloads;
                var table = new Table().AddColumns("workload", "size", "partitions", "CLI verb s", "run state in", "pipeline s", "Azure Storage backend's cost");
                var onMemory = new Dictionary<string, double>();
                foreach (var backendName in parse.GetValue(backends)!)
                {
                    // The same data adapters (Azurite blobs, local Cosmos) on both; only where run state lives differs, so the
                    // difference between the two rows is what the Azure Storage backend's orchestration costs the run.
                    var tasks = parts.Tasks;
                    await using var runtime = backendName == "memory"
                        ? await InMemoryTaskHub.StartAsync(tasks)
                        : await DurableTaskRuntime.StartOnStorageAsync(emulators.StorageSettings, new TaskHubSettings(), tasks);
                    var runs = new RunService(runtime.Client, workloads, services);
                    foreach (var sample in samples)
                    {
                        var upload = Stopwatch.StartNew();
                        var trigger = await UploadAsync(backend.Blobs, sample with { Folder = sample.Folder.Length == 0 ? "" : backendName + "-" + sample.Folder }, backendName, cancel);
                        Console.Error.WriteLine($"{sample.Kind} ({backendName}): drop uploaded in {upload.Elapsed.TotalSeconds:0.0} s");
                        var clock = Stopwatch.StartNew();
                        var outcome = await DropIntake.AcceptAsync(runs, workloads[sample.Kind], backend.Blobs, trigger, cancel);
                        RunState? state;
                        do
                        {
                            await Task.Delay(50, cancel);
                            state = await runs.FindAsync(outcome.RunId!, true, cancel);
                        }
                        while (state is not { IsTerminal: true });

                        var seconds = clock.Elapsed.TotalSeconds;
                        if (state.Status != RuntimeStatus.Completed)
                        {
                            throw new InvalidOperationException($"{sample.Kind} run ended {state.Status}: {state.Failure?.Message}");
                        }

                        var partitions = System.Text.Json.JsonDocument.Parse(state.CustomStatus!).RootElement.GetProperty("total").GetInt32();
                        var versus = backendName == "memory" || !onMemory.ContainsKey(sample.Kind) ? "" : $"{seconds - onMemory[sample.Kind]:+0.00;-0.00} s";
                        Console.Error.WriteLine($"{sample.Kind} ({backendName}): {partitions} partitions, pipeline {seconds:0.00} s, CLI verb {direct[sample.Kind]:0.00} s");
                        onMemory.TryAdd(sample.Kind, seconds);
                        table.AddRow(sample.Kind, sample.Size, $"{partitions}", $"{direct[sample.Kind]:0.00}", backendName, $"{seconds:0.00}", versus);
                    }
                }

                AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 140);
                AnsiConsole.Write(table);
                return 0;
            }
            finally
            {
                Directory.Delete(scratch, recursive: true);
            }
        });
        return command;
    }

    private static RootCommand Cli()
    {
        var root = new RootCommand();
        root.Subcommands.Add(Tributary.Host.Hpi.HpiCommand.Create());
        root.Subcommands.Add(Tributary.Host.Reconciliation.ReconCommands.Create());
        Tributary.Host.Generation.GenerationCommands.Register(root);
        return root;
    }

    private static async Task<BlobRef> UploadAsync(IBlobStore blobs, Sample sample, string pass, CancellationToken cancel)
    {
        await blobs.EnsureContainerAsync(sample.Container, cancel);
        foreach (var file in sample.Files)
        {
            await using var content = File.OpenRead(Path.Combine(sample.Directory, file));
            await blobs.WriteAsync(new BlobRef(sample.Container, sample.Folder + file), content, cancel);
        }

        var trigger = new BlobRef(sample.Container, sample.Folder.Length == 0 ? $"bench-{pass}-{sample.Kind}.json" : sample.Folder + "manifest.json");
        await blobs.WriteAsync(trigger, new MemoryStream(Encoding.UTF8.GetBytes(sample.Manifest)), cancel);
        return trigger;
    }

    private sealed record Sample(string Kind, string Size, string Container, string Folder, string[] Files, string Directory, string Manifest, string[] Verb);
}
