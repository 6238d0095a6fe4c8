using System.CommandLine;
using Tributary.Host.Client;
using Tributary.Host.Serve;

namespace Tributary.Host;

/// <summary>The pipeline's verbs: serve, demo, keys, and the client verbs of a running host (submit, status, rerun, list, terminate, purge).</summary>
public static class PipelineVerbs
{
    public static void AddTo(RootCommand root)
    {
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(Demo.DemoCommand.Create());
        root.Subcommands.Add(Serve.Security.KeysCommand.Create());
        foreach (var command in ClientCommands.Create())
        {
            root.Subcommands.Add(command);
        }
    }
}
