using System.CommandLine;

namespace Tributary.Host.Hpi;

/// <summary>The <c>hpi</c> verb group: generate a simulated market, calculate indices, report input quality.</summary>
public static class HpiCommands
{
    /// <summary>Builds <c>hpi</c> with its sub-verbs.</summary>
    public static Command Create()
    {
        var hpi = new Command("hpi", "House price indices by the FHFA repeat-sales method (WP 21-01): tract, CBSA and national.");
        hpi.Subcommands.Add(GenerateVerb.Create());
        hpi.Subcommands.Add(CalculateVerb.Create());
        hpi.Subcommands.Add(QualityVerb.Create());
        return hpi;
    }
}
