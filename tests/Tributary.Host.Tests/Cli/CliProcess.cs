using System.Diagnostics;

namespace Tributary.Host.Tests.Cli;

/// <summary>What one `tributary …` process did: its exit code and both streams.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Errors);

/// <summary>Runs the built CLI (or the repository's launcher) as a real process, as a user's shell would.</summary>
internal static class CliProcess
{
    /// <summary>The repository root, found from this test's output folder (tests/Tributary.Host.Tests/bin/&lt;configuration&gt;/&lt;tfm&gt;/).</summary>
    public static string RepositoryRoot { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>An empty XDG_DATA_HOME, so the default data directory holds no admin.key and no endpoints.json.</summary>
    public static string EmptyDataHome { get; } = Directory.CreateTempSubdirectory("tributary-cli-xdg-").FullName;

    /// <summary>`dotnet tributary.dll args…` of the host built in this test's configuration.</summary>
    public static Task<CliResult> RunAsync(string[] args, string? workingDirectory = null, IDictionary<string, string?>? environment = null)
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var app = Path.Combine(RepositoryRoot, "functions", "Tributary.Host", "bin", tfm.Parent!.Name, tfm.Name, "tributary.dll");
        Assert.True(File.Exists(app), $"build the host first: {app} is missing");
        return StartAsync("dotnet", [app, .. args], workingDirectory, environment, TimeSpan.FromSeconds(90));
    }

    /// <summary>Any program, e.g. the launcher script; fails the test when it runs past <paramref name="timeout"/>.</summary>
    public static async Task<CliResult> StartAsync(
        string program, string[] args, string? workingDirectory, IDictionary<string, string?>? environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A developer's key or data directory must not leak into the test: each test says what the CLI may see.
        start.Environment.Remove("TRIBUTARY_API_KEY");
        start.Environment["XDG_DATA_HOME"] = EmptyDataHome;
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} ran past {timeout}");
        }

        return new CliResult(process.ExitCode, await output, await errors);
    }
}
