using System.Diagnostics;
using System.Reflection;

namespace Tributary.Infra.Tests.Bicep;

/// <summary>Runs the real bicep compiler that NuGet package Azure.Bicep.CommandLine.linux-x64 ships in tools/bicep.</summary>
public static class BicepCli
{
    /// <summary>The repository root, baked in at build time.</summary>
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    /// <summary>infra/ of the repository.</summary>
    public static string InfraDirectory { get; } = Path.Combine(RepositoryRoot, "infra");

    private static readonly Lazy<string> Executable = new(() =>
    {
        var path = Metadata("BicepPath");
        if (!File.Exists(path)) throw new FileNotFoundException($"bicep not found at {path}; did the PackageDownload restore run?", path);
        // NuGet extracts files without the execute bit on some machines. (The package is linux-x64 only.)
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the bicep package used here is linux-x64");
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0) File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        return path;
    });

    /// <summary>Runs bicep with arguments; returns its exit code and both output streams.</summary>
    public static BicepResult Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The parameter files read the webhook key from the environment; tests decide its value themselves.
        start.Environment.Remove("TRIBUTARY_BLOBS_EXTENSION_KEY");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish in 2 minutes");
        }
        return new BicepResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Metadata(string key) =>
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}

/// <summary>Outcome of one bicep invocation.</summary>
public sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Diagnostics (errors, warnings, infos) go to stderr; a clean run leaves it empty.</summary>
    public string Diagnostics => StandardError.Trim();

    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\n{StandardError}";
}
