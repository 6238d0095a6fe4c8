using System.CommandLine;

var root = new RootCommand("Tributary throughput benchmarks. Run in Release; each prints its figures as a table.");

// Each workload contributes one benchmark command. Keep one line per feature.
root.Subcommands.Add(Tributary.Bench.Hpi.HpiBenchmark.Create());
root.Subcommands.Add(Tributary.Bench.Hpi.NationalBenchmark.Create());
root.Subcommands.Add(Tributary.Bench.Reconciliation.ReconBenchmark.Create());
root.Subcommands.Add(Tributary.Bench.Reconciliation.SuggestionFitCommand.Create());
root.Subcommands.Add(Tributary.Bench.Generation.GenerationBenchmark.Create());
root.Subcommands.Add(Tributary.Bench.Forecast.ForecastBenchmark.Create());
root.Subcommands.Add(Tributary.Bench.Pipeline.PipelineBenchmark.Create());
root.Subcommands.Add(Tributary.Bench.Pipeline.WorkloadRunsBenchmark.Create());
root.Subcommands.Add(Tributary.Bench.Pipeline.RunsListBenchmark.Create());
root.Subcommands.Add(Tributary.Bench.Storage.StorageBenchmark.Create());
root.Subcommands.Add(Tributary.Bench.Storage.BlobBytesBenchmark.Create());
root.Subcommands.Add(Tributary.Bench.Telemetry.TelemetryBenchmark.Create());
root.Subcommands.Add(Tributary.Bench.Telemetry.TelemetryCensus.Create());

return await root.Parse(args).InvokeAsync();
