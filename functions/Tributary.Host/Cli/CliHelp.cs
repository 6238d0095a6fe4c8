namespace Tributary.Host.Cli;

/// <summary>Help text that teaches: a verb's description followed by examples to copy.</summary>
public static class CliHelp
{
    /// <summary>The description, then one example command per line under "Examples:".</summary>
    public static string WithExamples(string description, params string[] examples) =>
        description + "\n\nExamples:\n" + string.Join("\n", examples.Select(e => "  " + e));
}
