namespace Tributary.Host.Tests.Cli;

/// <summary>How the CLI is started: relative paths against the caller's directory, usage errors exit 2, and the `./tributary` launcher.</summary>
public sealed class EntryPointTests : IDisposable
{
    private readonly string _caller = Directory.CreateTempSubdirectory("tributary-cli-cwd-").FullName;

    [Fact]
    public async Task Relative_paths_resolve_against_the_callers_directory_and_a_missing_file_names_its_absolute_path()
    {
        var generated = await CliProcess.RunAsync(["recon", "generate", "--profile", "trades", "--count", "50", "--out", "in"], _caller);
        var reconciled = await CliProcess.RunAsync(
            ["recon", "run", "--profile", "trades", "--left", "in/left.csv", "--right", "in/right.csv", "--out", "out", "--buckets", "1"], _caller);
        var missing = await CliProcess.RunAsync(
            ["recon", "run", "--profile", "mydir/profile.json", "--left", "in/left.csv", "--right", "in/right.csv", "--out", "out"], _caller);

        Assert.Equal(0, generated.ExitCode);
        Assert.Equal(0, reconciled.ExitCode);
        Assert.True(File.Exists(Path.Combine(_caller, "out", "breaks.csv")));
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains($"error: file not found: {Path.Combine(_caller, "mydir", "profile.json")}", missing.Errors);
    }

    [Fact]
    public async Task Dotnet_run_keeps_the_callers_working_directory()
    {
        // The Web SDK sets RunWorkingDirectory to the project folder, which is what made `dotnet run --project …` miss relative paths.
        var result = await CliProcess.StartAsync(
            "dotnet", ["msbuild", Path.Combine(CliProcess.RepositoryRoot, "functions", "Tributary.Host", "Tributary.Host.csproj"), "-getProperty:RunWorkingDirectory"],
            _caller, null, TimeSpan.FromMinutes(2));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Output.Trim());
    }

    [Theory]
    [InlineData("no-such-verb")]
    [InlineData("list", "--page-size", "0")]
    [InlineData("list", "--page-size", "x")]
    [InlineData("list", "--created-from", "yesterday")]
    [InlineData("list", "--status", "Sleeping")]
    [InlineData("recon", "move", "r1", "b1")]
    [InlineData("recon", "move", "r1", "b1", "--to", "done")]
    [InlineData("terminate")]
    public async Task A_parse_error_is_a_usage_error_exit_2(params string[] args)
    {
        var result = await CliProcess.RunAsync(args, _caller);

        Assert.Equal(2, result.ExitCode);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public async Task A_parse_error_says_what_was_sent_and_what_is_allowed_and_a_mistyped_verb_leaves_stdout_empty()
    {
        var count = await CliProcess.RunAsync(["gen", "run", "--count", "abc", "--out", "o"], _caller);
        var baseYear = await CliProcess.RunAsync(["hpi", "calculate", "--transactions", "t", "--tracts", "r", "--out", "o", "--base-year", "soon"], _caller);
        var typo = await CliProcess.RunAsync(["lsit"], _caller);

        Assert.Equal((2, 2, 2), (count.ExitCode, baseYear.ExitCode, typo.ExitCode));
        Assert.Contains("error: --count: 'abc' is not a whole number", count.Errors);
        Assert.Contains("See `tributary gen run --help`.", count.Errors);
        Assert.Contains("error: --base-year: 'soon' is not a whole number", baseYear.Errors);
        Assert.DoesNotContain("System.", count.Errors + baseYear.Errors);
        Assert.Equal("", typo.Output);
        Assert.Contains("error: Unrecognized command or argument 'lsit'.", typo.Errors);
        Assert.Contains("Did you mean", typo.Errors);
        Assert.Contains("list", typo.Errors);
        Assert.DoesNotContain("Usage:", typo.Errors);
    }

    [Fact]
    public async Task Submit_and_serve_help_name_every_workload_and_drop_folder()
    {
        var submit = await CliProcess.RunAsync(["submit", "--help"], _caller);
        var serve = await CliProcess.RunAsync(["serve", "--help"], _caller);

        Assert.Contains("hpi, recon, forecast or gen", submit.Output);
        Assert.Contains("forecast-drop/", submit.Output);
        Assert.Contains("hpi-drop, recon-drop, forecast-drop, gen-requests", serve.Output);
    }

    [Fact]
    public async Task Help_teaches_with_examples()
    {
        foreach (var verb in new[] { new[] { "list" }, ["terminate"], ["purge"], ["submit"], ["recon", "breaks"], ["recon", "move"] })
        {
            var help = await CliProcess.RunAsync([.. verb, "--help"], _caller);
            Assert.Equal(0, help.ExitCode);
            Assert.Contains($"Examples:\n    tributary {string.Join(' ', verb)}", help.Output.ReplaceLineEndings("\n"));
            Assert.Contains("--api-key", help.Output);
        }
    }

    [Fact]
    public async Task The_launcher_runs_from_any_directory_and_resolves_relative_paths_there()
    {
        var launcher = Path.Combine(CliProcess.RepositoryRoot, "tributary");

        // The first call may build the Release host; later ones only start it.
        var help = await CliProcess.StartAsync(launcher, ["--help"], _caller, null, TimeSpan.FromMinutes(10));
        var missing = await CliProcess.StartAsync(
            launcher, ["recon", "run", "--profile", "mydir/profile.json", "--left", "l.csv", "--right", "r.csv", "--out", "o"], _caller, null, TimeSpan.FromMinutes(2));

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage:", help.Output);
        Assert.Contains("list", help.Output);
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains($"error: file not found: {Path.Combine(_caller, "mydir", "profile.json")}", missing.Errors);
    }

    public void Dispose() => Directory.Delete(_caller, recursive: true);
}
