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
        var backends = new Option<string[]>("--backends") { Description = "Where run state lives: memory, Azurite or both. One pass holds its drops in Azurite's in-memory store (about half of RAM), so a national market fits one pass.", DefaultValueFactory = _ => ["Azurite"], AllowMultipleArgumentsPerToken = true };
        backends.AcceptOnlyFromAmong("memory", "Azurite");
        var hpiMarket = new Option<string?>("--hpi-market") { Description = "Use this folder's transactions.csv, tracts.csv and tract_years.csv (e.g. the hpi-national market) instead of generating one." };
        var hpiPartitions = new Option<int?>("--hpi-partitions") { Description = "Partitions the hpi run packs its CBSAs into (the manifest's `partitions`; default: the workload's own, at most 64)." };
        var records = new Option<int>("--recon-records") { Description = "Records per side of the trades reconciliation.", DefaultValueFactory = _ => 200_000 };
        var buckets = new Option<int?>("--recon-buckets")
        {
            Description = "Key-hash buckets (staged partitions) of the reconciliation; without it the run names none (one direct partition up to 256 MiB of input) and the CLI verb gets --buckets 4.",
        };
        var rows = new Option<int>("--gen-rows") { Description = "Rows of the generation run.", DefaultValueFactory = _ => 1_000_000 };
        var batch = new Option<int?>("--gen-batch") { Description = "Rows per generation batch (partition). Default: what the pipeline chooses for the row count (about 32 batches)." };
        var emulatorData = new Option<string>("--emulator-data") { Description = "Where the emulators keep blobs, queues and Cosmos documents: disk (as `serve` does, journal fsynced) or memory.", DefaultValueFactory = _ => "disk" };
        emulatorData.AcceptOnlyFromAmong("disk", "memory");
        var only = new Option<string[]>("--workloads") { Description = "Which workloads to run.", DefaultValueFactory = _ => ["hpi", "recon", "gen"], AllowMultipleArgumentsPerToken = true };
        only.AcceptOnlyFromAmong("hpi", "recon", "gen");
        var warmup = new Option<int>("--warmup") { Description = "Runs of each workload on a tenth of the data through the runtime before the timed runs: serve is long-lived, so its JIT and tier-up are paid before steady state. 0 for none.", DefaultValueFactory = _ => 2 };
        var polling = new Option<int?>("--max-polling-ms") { Description = "The task hub's MaxQueuePollingInterval in ms (default: serve's own default)." };
        var repeat = new Option<int>("--repeat")
        {
            Description = "Timed pairs per workload. Each pair runs the CLI verb and then the run through serve back to back, so both see the same machine (on a shared VM the same work's seconds drift by half within minutes); the summary gives each workload's median ratio and its range.",
            DefaultValueFactory = _ => 1,
        };
        var cli = new Option<string>("--cli")
        {
            Description = "How the CLI verb runs: process (the `tributary` executable beside the bench, a whole process as a user runs it: issue 23's reference) or in-process (the verb's command inside the bench: shows its JIT, but only the first pair is cold).",
            DefaultValueFactory = _ => "process",
        };
        cli.AcceptOnlyFromAmong("process", "in-process");
        var command = new Command("runs", "Each workload's sample run through `serve`'s runtime on the emulators vs the engine's CLI verb alone: seconds, ratio, CPU and where the run's time went.")
        {
            cbsas, hpiMarket, hpiPartitions, backends, records, buckets, rows, batch, emulatorData, only, warmup, polling, repeat, cli,
        };
        repeat.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 50)
            {
                result.AddError("--repeat must be 1 to 50.");
            }
        });
        command.SetAction(async (parse, cancel) =>
        {
            var scratch = Directory.CreateTempSubdirectory("tributary-bench-runs-").FullName;
            var batchSize = parse.GetValue(batch) ?? Tributary.Pipeline.Generation.GenRunParameters.AutoBatchSize(parse.GetValue(rows));
            var loadAtStart = ProcessCpu.LoadAverage();
            try
            {
                var chosen = parse.GetValue(only)!;
                var samples = Samples(scratch, chosen, parse.GetValue(hpiMarket), parse.GetValue(cbsas), parse.GetValue(hpiPartitions), parse.GetValue(records), parse.GetValue(buckets), parse.GetValue(rows), batchSize);

                // `serve` is a long-lived process: its first run also pays the JIT of the SDKs (Durable Task, Azure Storage,
                // Cosmos), which no later run does. One small run of each workload first keeps that out of the timed runs.
                var warmRows = Math.Max(20_000, parse.GetValue(rows) / 10);
                var warmups = parse.GetValue(warmup) > 0
                    ? Samples(Path.Combine(scratch, "warmup"), chosen, null, Math.Max(2, parse.GetValue(cbsas) / 10), parse.GetValue(hpiPartitions), Math.Max(2_000, parse.GetValue(records) / 10), parse.GetValue(buckets), warmRows,
                        Tributary.Pipeline.Generation.GenRunParameters.AutoBatchSize(warmRows))
                    : [];

                var cliInProcess = parse.GetValue(cli) == "in-process";
                var ratios = new Dictionary<string, List<double>>();
                using var durableTrace = DurableTrace.FromEnvironment();
                Console.Error.WriteLine("starting Azurite and the local Cosmos server...");
                var onDisk = parse.GetValue(emulatorData) == "disk";
                await using var emulators = await LocalEmulators.StartAsync(
                    onDisk ? new LocalEmulatorOptions { DataDirectory = Path.Combine(scratch, "emulators"), StorageInMemory = false, CosmosInMemory = false } : null, cancel);
                using var phases = new RunPhases(new Dictionary<int, string>
                {
                    [emulators.BlobEndpoint!.Port] = "blob", [emulators.QueueEndpoint!.Port] = "queue", [emulators.TableEndpoint!.Port] = "table", [emulators.CosmosEndpoint!.Port] = "cosmos",
                });
                await using var backend = await BackendFactory.ConnectAsync(emulators.StorageSettings, emulators.CosmosSettings, "bench", null, cancel);
                var services = new PipelineServices(backend.Blobs, backend.Documents, backend.Events, TimeProvider.System);
                var parts = PipelineParts.Compose(services);
                var workloads = parts.Workloads;
                var table = new Table().AddColumns("workload", "size", "partitions", "run state in", "serve s", "CLI verb s", "ratio", "drop to seen s", "serve CPU s (worker + emulators)", cliInProcess ? "CLI CPU s" : "CLI CPU s (its process)", "JIT methods (s): serve, CLI", "steal %: serve, CLI", "disk MB written: serve, CLI");
                var breakdown = new Table().AddColumns("workload", "run s", "plan s", "partitions s (sum)", "finalize s", "waits s (staging removal)", "blob I/O s (partitions)", "Cosmos I/O s (partitions)", "run-state I/O s", "emulator CPU s (Azurite + Cosmos)", "requests");
                foreach (var backendName in parse.GetValue(backends)!)
                {
                    // The same data adapters (Azurite blobs, local Cosmos) on both; only where run state lives differs, so the
                    // difference between the two rows is what the Azure Storage backend's orchestration costs the run.
                    var tasks = parts.Tasks;
                    await using var runtime = backendName == "memory"
                        ? await InMemoryTaskHub.StartAsync(tasks)
                        : await DurableTaskRuntime.StartOnStorageAsync(emulators.StorageSettings, parse.GetValue(polling) is { } ms ? new TaskHubSettings { MaxQueuePollingInterval = TimeSpan.FromMilliseconds(ms) } : new TaskHubSettings(), tasks);
                    var runs = new RunService(runtime.Client, workloads, services);
                    foreach (var (sample, pass) in Enumerable.Range(0, parse.GetValue(warmup)).SelectMany(pass => warmups.Select(sample => (sample, pass))))
                    {
                        var trigger = await UploadAsync(backend.Blobs, sample with { Folder = sample.Folder.Length == 0 ? "" : $"{backendName}-warm{pass}-{sample.Folder}" }, $"{backendName}-warm{pass}", cancel);
                        var jit = JitCounts.Now();
                        var outcome = await DropIntake.AcceptAsync(runs, workloads[sample.Kind], backend.Blobs, trigger, cancel);
                        var state = await WaitAsync(runs, sample.Kind, outcome.RunId!, cancel);
                        Console.Error.WriteLine($"{sample.Kind} ({backendName}): warm-up run {state.Status}, JIT {JitCounts.Now() - jit}");
                    }

                    foreach (var (sample, pair) in samples.SelectMany(sample => Enumerable.Range(1, parse.GetValue(repeat)).Select(pair => (sample, pair))))
                    {
                        // The CLI verb right before the run it is compared with: both see the machine as it is now.
                        Console.Error.WriteLine($"{sample.Kind} ({backendName}), pair {pair}: the CLI verb{(cliInProcess ? " in this process" : " as its own process")}, then the run through serve...");
                        await FlushDirtyPagesAsync(cancel);
                        var direct = await RunCliAsync(sample, cliInProcess, cancel);
                        // The verb's output is still in the page cache (10M gen rows: 1.5 GB); written back during the run
                        // through serve, it would share the disk with that run's durable writes. Neither is timed.
                        await FlushDirtyPagesAsync(cancel);
                        var upload = Stopwatch.StartNew();
                        // A drop of its own per pair: the same drop again would be the same run, already Completed.
                        var trigger = await UploadAsync(backend.Blobs, sample with { Folder = sample.Folder.Length == 0 ? "" : $"{backendName}-pair{pair}-{sample.Folder}" }, $"{backendName}-pair{pair}", cancel);
                        Console.Error.WriteLine($"{sample.Kind} ({backendName}): drop uploaded in {upload.Elapsed.TotalSeconds:0.0} s");
                        phases.Clear();
                        durableTrace?.Mark($"timed run {sample.Kind} starts");
                        var workerCpu = ProcessCpu.Self();
                        var emulatorCpu = emulators.ProcessIds.Sum(ProcessCpu.Seconds);
                        var azuriteCpu = emulators.ProcessIds.Where(ProcessCpu.IsAzurite).Sum(ProcessCpu.Seconds);
                        var jit = JitCounts.Now();
                        var ticks = ProcessCpu.MachineTicks();
                        var diskBytes = ProcessCpu.DiskBytesWritten();
                        var clock = Stopwatch.StartNew();
                        var outcome = await DropIntake.AcceptAsync(runs, workloads[sample.Kind], backend.Blobs, trigger, cancel);
                        var state = await WaitAsync(runs, sample.Kind, outcome.RunId!, cancel);
                        var steal = ProcessCpu.StealPercent(ticks, ProcessCpu.MachineTicks());
                        var diskMb = (ProcessCpu.DiskBytesWritten() - diskBytes) / 1e6;

                        // The run's own time, as issue 23 defines it (createdTime → lastUpdatedTime); the bench's clock also
                        // holds the drop's intake (it hashes the drop before the run exists) and up to one status poll.
                        var seen = clock.Elapsed.TotalSeconds;
                        var seconds = (state.LastUpdatedAt - state.CreatedAt).TotalSeconds;
                        durableTrace?.Mark($"timed run {sample.Kind} seen {state.Status}");
                        workerCpu = ProcessCpu.Self() - workerCpu;
                        var jitAfter = JitCounts.Now();
                        emulatorCpu = emulators.ProcessIds.Sum(ProcessCpu.Seconds) - emulatorCpu;
                        azuriteCpu = emulators.ProcessIds.Where(ProcessCpu.IsAzurite).Sum(ProcessCpu.Seconds) - azuriteCpu;
                        if (state.Status != RuntimeStatus.Completed)
                        {
                            throw new InvalidOperationException($"{sample.Kind} run ended {state.Status}: {state.Failure?.Message}");
                        }

                        var partitions = System.Text.Json.JsonDocument.Parse(state.CustomStatus!).RootElement.GetProperty("total").GetInt32();
                        var ratio = seconds / direct.Seconds;
                        ratios.TryAdd($"{sample.Kind} ({backendName})", []);
                        ratios[$"{sample.Kind} ({backendName})"].Add(ratio);
                        Console.Error.WriteLine($"{sample.Kind} ({backendName}), pair {pair}: {partitions} partitions, serve {seconds:0.00} s (drop to seen {seen:0.00} s), CLI verb {direct.Seconds:0.00} s, ratio {ratio:0.00}, JIT {jitAfter - jit}, CPU steal {steal:0} % (CLI {direct.Steal:0} %), disk writes {diskMb:N0} MB (CLI {direct.DiskMb:N0} MB)");
                        if (jitAfter.PerfMapBytes > 0)
                        {
                            Console.Error.WriteLine($"{sample.Kind} ({backendName}): /tmp/perf-{Environment.ProcessId}.map bytes {jit.PerfMapBytes}..{jitAfter.PerfMapBytes} written during the run");
                        }

                        table.AddRow(sample.Kind, sample.Size, $"{partitions}", backendName, $"{seconds:0.00}", $"{direct.Seconds:0.00}", $"{ratio:0.00}", $"{seen:0.00}",
                            $"{workerCpu + emulatorCpu:0.0} ({workerCpu:0.0} + {emulatorCpu:0.0})", $"{direct.Cpu:0.0}", $"{jitAfter - jit}, {direct.Jit?.ToString() ?? "(own process)"}", $"{steal:0}, {direct.Steal:0}", $"{diskMb:N0}, {direct.DiskMb:N0}");
                        // Over the run's own window, as its time is: the drop's intake before it is the gap between the two.
                        var b = phases.Summarise(state.CreatedAt.UtcDateTime, state.LastUpdatedAt.UtcDateTime);
                        breakdown.AddRow($"{sample.Kind} ({backendName})", $"{b.Run:0.00}", $"{b.Plan:0.00}", $"{b.Partitions:0.00} ({b.PartitionSum:0.00} in {b.PartitionCount})", $"{b.Finalize:0.00}", $"{b.Waits:0.00} ({b.StagingRemoval:0.00})",
                            $"{b.BlobInSteps:0.00} ({b.BlobInPartitions:0.00})", $"{b.CosmosInSteps:0.00} ({b.CosmosInPartitions:0.00})", $"{b.RunState:0.00}", $"{emulatorCpu:0.0} ({azuriteCpu:0.0} + {emulatorCpu - azuriteCpu:0.0})",
                            string.Join(", ", b.Requests.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}")));
                        if (b.Parts.Count > 0)
                        {
                            Console.Error.WriteLine($"{sample.Kind} ({backendName}) parts of steps, wall s (sum in n): " +
                                string.Join("; ", b.Parts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value.Union:0.00} ({p.Value.Sum:0.00} in {p.Value.Count})")));
                        }
                    }
                }

                AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 200);
                AnsiConsole.Write(table);
                AnsiConsole.Write(breakdown);
                foreach (var (workload, of) in ratios)
                {
                    var sorted = of.Order().ToArray();
                    var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
                    Console.WriteLine($"{workload}: median ratio {median:0.00} over {sorted.Length} pair{(sorted.Length == 1 ? "" : "s")} (range {sorted[0]:0.00}–{sorted[^1]:0.00})");
                }

                Console.WriteLine($"emulator data on {parse.GetValue(emulatorData)}; load average {loadAtStart:0.0} at start, {ProcessCpu.LoadAverage():0.0} at end ({Environment.ProcessorCount} cores)");
                return 0;
            }
            finally
            {
                Directory.Delete(scratch, recursive: true);
            }
        });
        return command;
    }

    // One status read of the run's own instance every 250 ms (not a lookup across every kind every 50 ms: those reads
    // were Azurite's work on the same two cores), then one with the output once it ended. The run's time is its own
    // createdTime → lastUpdatedTime, so the cadence only adds load, not seconds.
    private static async Task<RunState> WaitAsync(RunService runs, string kind, string runId, CancellationToken cancel)
    {
        var instance = RunIds.InstanceId(kind, runId);
        RunState? state;
        do
        {
            await Task.Delay(250, cancel);
            state = await runs.Client.GetAsync(instance, false, cancel);
        }
        while (state is not { IsTerminal: true });

        return await runs.Client.GetAsync(instance, true, cancel) ?? state;
    }

    private static Sample[] Samples(string scratch, string[] chosen, string? hpiMarket, int cbsas, int? hpiPartitions, int records, int? buckets, int rows, int batchSize)
    {
        var market = hpiMarket ?? Path.Combine(scratch, "market");
        if (hpiMarket is null && chosen.Contains("hpi"))
        {
            MarketSimulator.Write(market, new SimulationOptions(Seed: 7, Cbsas: cbsas, TractsPerCbsa: 16, StartYear: 2000, EndYear: 2020, PropertiesPerTract: 400));
        }

        var trades = Path.Combine(scratch, "trades");
        if (chosen.Contains("recon"))
        {
            ReconDataGenerator.WriteFiles("trades", records, seed: 11, breakRate: 0.01, trades);
        }

        return new[]
        {
            new Sample("hpi", hpiMarket is { } given ? Path.GetFileName(given.TrimEnd('/')) : $"{cbsas} CBSAs", "hpi-drop", "m/", ["transactions.csv", "tracts.csv", "tract_years.csv"], market,
                hpiPartitions is { } p ? $$"""{"partitions": {{p}}}""" : "{}",
                ["hpi", "calculate", "--transactions", Path.Combine(market, "transactions.csv"), "--tracts", Path.Combine(market, "tracts.csv"),
                 "--tract-years", Path.Combine(market, "tract_years.csv"), "--out", Path.Combine(scratch, "cbsa.csv")]),
            new Sample("recon", $"{records:N0} per side", "recon-drop", "t/", ["left.csv", "right.csv"], trades,
                buckets is { } count ? $$"""{"profile": "trades", "buckets": {{count}}}""" : """{"profile": "trades"}""",
                ["recon", "run", "--profile", "trades", "--left", Path.Combine(trades, "left.csv"), "--right", Path.Combine(trades, "right.csv"),
                 "--out", Path.Combine(scratch, "recon-out"), "--buckets", $"{buckets ?? 4}"]),
            new Sample("gen", $"{rows:N0} rows", "gen-requests", "", [], scratch,
                $$"""{"seed": 42, "count": {{rows}}, "batchSize": {{batchSize}}}""",
                ["gen", "run", "--count", $"{rows}", "--batch-size", $"{batchSize}", "--seed", "42", "--out", Path.Combine(scratch, "gen-out")]),
        }.Where(s => chosen.Contains(s.Kind)).ToArray();
    }

    /// <summary>
    /// The sample's CLI verb: by default the `tributary` executable the bench's build carries beside it, as its own process
    /// (the CPU seconds are the children's, from /proc/self/stat, once it is reaped); or the same command in this process.
    /// </summary>
    private static async Task<CliRun> RunCliAsync(Sample sample, bool inProcess, CancellationToken cancel)
    {
        var ticks = ProcessCpu.MachineTicks();
        var disk = ProcessCpu.DiskBytesWritten();
        double DiskMb() => (ProcessCpu.DiskBytesWritten() - disk) / 1e6;
        if (inProcess)
        {
            var cpu = ProcessCpu.Self();
            var jit = JitCounts.Now();
            var clock = Stopwatch.StartNew();
            var code = await Cli().Parse(sample.Verb).InvokeAsync(cancellationToken: cancel);
            var seconds = clock.Elapsed.TotalSeconds;
            if (code != 0)
            {
                throw new InvalidOperationException($"{string.Join(' ', sample.Verb)} exited {code}");
            }

            return new CliRun(seconds, ProcessCpu.Self() - cpu, JitCounts.Now() - jit, ProcessCpu.StealPercent(ticks, ProcessCpu.MachineTicks()), DiskMb());
        }

        var executable = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "tributary.exe" : "tributary");
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in sample.Verb)
        {
            start.ArgumentList.Add(argument);
        }

        var children = ProcessCpu.Children();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        var elapsed = watch.Elapsed.TotalSeconds;
        var diskMb = DiskMb();
        await Task.WhenAll(stdout, stderr);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tributary {string.Join(' ', sample.Verb)} exited {process.ExitCode}: {(await stderr).Trim()}");
        }

        return new CliRun(elapsed, ProcessCpu.Children() - children, null, ProcessCpu.StealPercent(ticks, ProcessCpu.MachineTicks()), diskMb);
    }

    /// <summary>Writes every dirty page to disk (`sync`), untimed, so one timed phase's write-back does not land in the next.</summary>
    private static async Task FlushDirtyPagesAsync(CancellationToken cancel)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var sync = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false }) ?? throw new InvalidOperationException("could not start sync");
        await sync.WaitForExitAsync(cancel);
    }

    private static RootCommand Cli()
    {
        var root = new RootCommand();
        root.Subcommands.Add(Tributary.Host.Hpi.HpiCommands.Create());
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

    /// <summary>One run of a CLI verb: wall and CPU seconds, its JIT when it ran in this process, the machine's CPU steal and disk writes meanwhile.</summary>
    private sealed record CliRun(double Seconds, double Cpu, JitCounts? Jit, double Steal, double DiskMb);

    private sealed record Sample(string Kind, string Size, string Container, string Folder, string[] Files, string Directory, string Manifest, string[] Verb);
}
