using System.CommandLine;

var root = new RootCommand(
    "Tributary: serverless event pipeline for house price indices, synthetic financial data, reconciliation and demand recommendations.");

// Each workload contributes its verbs. Keep one line per feature.
root.Subcommands.Add(Tributary.Host.Hpi.HpiCommand.Create());
root.Subcommands.Add(Tributary.Host.Reconciliation.ReconCommands.Create());
root.Subcommands.Add(Tributary.Host.Forecast.ForecastCommand.Create());
Tributary.Host.Generation.GenerationCommands.Register(root);
Tributary.Host.PipelineVerbs.AddTo(root);

return await root.Parse(args).InvokeAsync();
