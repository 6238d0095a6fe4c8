using System.CommandLine;

var root = new RootCommand(
    "Tributary: serverless event pipeline for house price indices, synthetic financial data and reconciliation.");

// Each workload contributes its verbs. Keep one line per feature.
Tributary.Host.Generation.GenerationCommands.Register(root);

return await root.Parse(args).InvokeAsync();
