using System.CommandLine;

namespace Tributary.Host.Generation;

/// <summary>Registers the synthetic-data verbs: <c>gen run</c>, <c>gen quality</c> and <c>model train|evaluate|predict</c>.</summary>
public static class GenerationCommands
{
    /// <summary>Adds the <c>gen</c> and <c>model</c> commands to the root command.</summary>
    public static void Register(RootCommand root)
    {
        var gen = new Command("gen", "Synthetic Indian-market financial transactions with labelled fraud and anomalies, in reproducible batches.");
        gen.Subcommands.Add(GenRunVerb.Create());
        gen.Subcommands.Add(GenQualityVerb.Create());
        root.Subcommands.Add(gen);

        var model = new Command("model", "Train, evaluate and apply an ML.NET fraud classifier on generated data (needs `gen run --features`, CSV).");
        model.Subcommands.Add(ModelCommands.Train());
        model.Subcommands.Add(ModelCommands.Evaluate());
        model.Subcommands.Add(ModelCommands.Predict());
        root.Subcommands.Add(model);
    }
}
