using System.CommandLine;
using Tributary.Host.Client;
using Tributary.Host.Serve;

namespace Tributary.Host;

/// <summary>The pipeline's verbs: serve, demo, keys, and the client verbs of a running host (submit, status, rerun, list, terminate, purge).</summary>
public static class PipelineVerbs
{
    public static void AddTo(RootCommand root)
    {
        root.Subcommands.Add(ServeVerb.Create());
        root.Subcommands.Add(Demo.DemoVerb.Create());
        root.Subcommands.Add(Serve.Security.KeysCommands.Create());
        foreach (var command in ClientCommands.Create())
        {
            root.Subcommands.Add(command);
        }
    }
}
