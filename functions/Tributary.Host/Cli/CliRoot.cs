using System.CommandLine;
using System.CommandLine.Invocation;

namespace Tributary.Host.Cli;

/// <summary>The `tributary` command tree and its invocation, with the exit codes the README promises.</summary>
public static class CliRoot
{
    /// <summary>The root command with every feature's verbs.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Tributary: serverless event pipeline for house price indices, synthetic financial data, reconciliation and demand recommendations.\n" +
            "Exit codes: 0 success, 1 a check failed, 2 input you must fix (usage, bad file, a 4xx from the host), 3 an environment problem " +
            "(missing file, unreachable host).");

        // Each workload contributes its verbs. Keep one line per feature.
        root.Subcommands.Add(Hpi.HpiCommands.Create());
        root.Subcommands.Add(Reconciliation.ReconCommands.Create());
        root.Subcommands.Add(Forecast.ForecastCommands.Create());
        Generation.GenerationCommands.Register(root);
        PipelineVerbs.AddTo(root);
        return root;
    }

    /// <summary>Parses and runs; a parse error (unknown verb, missing or malformed option) is a usage error, exit 2.</summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);

        // System.CommandLine answers its own parse errors with 1 (which the README reserves for a failed check), in .NET
        // type names, with the whole help on stdout: a usage error is 2, in the user's words, on stderr only.
        if (parse.Action is ParseErrorAction errors)
        {
            return await ParseErrors.ReportAsync(parse, errors, Console.Error).ConfigureAwait(false);
        }

        return await parse.InvokeAsync().ConfigureAwait(false);
    }
}
