using System.Text.RegularExpressions;
using Tributary.Infra.Tests.Bicep;

namespace Tributary.Infra.Tests.Hosting;

/// <summary>
/// What the Functions app's source declares about its bindings, read from the C# text (the app cannot be built on
/// this machine's package mirror, so its attributes are read, not reflected).
/// </summary>
public static partial class FunctionsSource
{
    public static string Directory { get; } = Path.Combine(BicepCli.RepositoryRoot, "functions", "Tributary.Functions");

    /// <summary>All C# source of the app, concatenated.</summary>
    public static string Text { get; } = string.Join("\n",
        System.IO.Directory.EnumerateFiles(Directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText));

    /// <summary>Blob triggers: function name → (container, source kind).</summary>
    public static IReadOnlyDictionary<string, (string Container, string Source)> BlobTriggers() =>
        BlobTrigger().Matches(Text).ToDictionary(m => m.Groups["function"].Value, m => (m.Groups["container"].Value, m.Groups["source"].Value));

    /// <summary>Every %Setting% a binding expression refers to.</summary>
    public static IReadOnlySet<string> SettingExpressions() =>
        SettingExpression().Matches(Text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every `Connection = "X"` of a binding.</summary>
    public static IReadOnlySet<string> Connections() =>
        Connection().Matches(Text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Durable functions: function name → the core name its body passes to Run(...).</summary>
    public static IReadOnlyList<(string Function, string CoreName)> DurableFunctions() =>
        DurableFunction().Matches(Text).Select(m => (m.Groups["function"].Value, m.Groups["core"].Value)).ToList();

    [GeneratedRegex("""\[Function\("(?<function>\w+)"\)\][^\[]*\[BlobTrigger\("(?<container>[a-z0-9-]+)/[^"]*",\s*Source\s*=\s*BlobTriggerSource\.(?<source>\w+)\)\]""")]
    private static partial Regex BlobTrigger();

    [GeneratedRegex("\"%(\\w+)%\"")]
    private static partial Regex SettingExpression();

    [GeneratedRegex("Connection\\s*=\\s*\"(\\w+)\"")]
    private static partial Regex Connection();

    [GeneratedRegex("""\[Function\("(?<function>\w+)"\)\]\s*public Task<string\?> \w+\(\[(?:Orchestration|Activity)Trigger\][^)]*\)\s*=>\s*Run\("(?<core>[\w.]+)"\s*,""")]
    private static partial Regex DurableFunction();
}
