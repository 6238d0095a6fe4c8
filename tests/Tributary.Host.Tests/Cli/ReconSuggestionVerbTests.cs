using System.Text.Json;

namespace Tributary.Host.Tests.Cli;

/// <summary>The suggestion side of the `recon` verbs, as a user runs them: near misses generated, suggestions.csv written, rejections remembered, the evaluation.</summary>
public sealed class ReconSuggestionVerbTests : IDisposable
{
    private readonly string _caller = Directory.CreateTempSubdirectory("tributary-cli-suggest-").FullName;

    public void Dispose() => Directory.Delete(_caller, recursive: true);

    [Fact]
    public async Task Run_writes_suggestions_beside_the_breaks_and_a_rejected_one_is_not_suggested_again()
    {
        var generated = await CliProcess.RunAsync(
            ["recon", "generate", "--profile", "payments", "--count", "800", "--near-miss-rate", "0.05", "--out", "in"], _caller);
        Assert.Equal(0, generated.ExitCode);
        Assert.Contains("planted near misses", generated.Output);
        Assert.StartsWith("kind,left_records,right_records,recipe", File.ReadAllText(Path.Combine(_caller, "in", "expected_suggestions.csv")));

        var run = await CliProcess.RunAsync(["recon", "run", "--profile", "payments", "--left", "in/left.csv", "--right", "in/right.csv", "--out", "out"], _caller);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("suggested matches", run.Output);
        var lines = File.ReadAllLines(Path.Combine(_caller, "out", "suggestions.csv"));
        Assert.StartsWith("suggestion_id,kind,left_records,right_records,break_ids,confidence,explanation,would_match_if", lines[0]);
        Assert.True(lines.Length > 5);
        var rejected = lines[1].Split(',')[0];

        // Rows cut from suggestions.csv are a rejections file.
        File.WriteAllLines(Path.Combine(_caller, "rejected.csv"), [lines[0], lines[1]]);
        var again = await CliProcess.RunAsync(["recon", "run", "--profile", "payments", "--left", "in/left.csv", "--right", "in/right.csv",
            "--out", "again", "--rejections", "rejected.csv"], _caller);
        Assert.Equal(0, again.ExitCode);
        var after = File.ReadAllLines(Path.Combine(_caller, "again", "suggestions.csv"));
        Assert.DoesNotContain(after, l => l.StartsWith(rejected + ",", StringComparison.Ordinal));
        Assert.Equal(lines.Skip(2).Select(l => l.Split(',')[0]).Order(), after.Skip(1).Select(l => l.Split(',')[0]).Order());
        Assert.Equal(File.ReadAllBytes(Path.Combine(_caller, "out", "breaks.csv")), File.ReadAllBytes(Path.Combine(_caller, "again", "breaks.csv")));
    }

    [Fact]
    public async Task A_malformed_rejections_file_is_an_input_error_naming_file_line_and_field()
    {
        await CliProcess.RunAsync(["recon", "generate", "--profile", "pos", "--count", "50", "--out", "in"], _caller);
        File.WriteAllText(Path.Combine(_caller, "bad.csv"), "suggestion_id\nnot-an-id\n");
        var result = await CliProcess.RunAsync(["recon", "run", "--profile", "pos", "--left", "in/left.csv", "--right", "in/right.csv",
            "--out", "out", "--rejections", "bad.csv"], _caller);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.csv:2: field 'suggestion_id'", result.Errors);
    }

    [Fact]
    public async Task Generate_needs_a_profile_with_a_synthetic_domain()
    {
        var payroll = await CliProcess.RunAsync(["recon", "generate", "--profile", Path.Combine(CliProcess.RepositoryRoot, "docs", "examples", "payroll.json"),
            "--count", "200", "--near-miss-rate", "0.05", "--out", "payroll"], _caller);
        Assert.Equal(0, payroll.ExitCode);
        Assert.StartsWith("payment_id,company,iban,pay_date,net_pay", File.ReadAllText(Path.Combine(_caller, "payroll", "left.csv")));

        var json = File.ReadAllText(Path.Combine(CliProcess.RepositoryRoot, "docs", "examples", "payroll.json")).Replace("\"payroll\"", "\"bonus\"");
        File.WriteAllText(Path.Combine(_caller, "bonus.json"), json);
        var unknown = await CliProcess.RunAsync(["recon", "generate", "--profile", "bonus.json", "--count", "10", "--out", "x"], _caller);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no synthetic domain for a profile named 'bonus'", unknown.Errors);
    }

    [Fact]
    public async Task Evaluate_suggestions_reports_recall_precision_and_the_reliability_table()
    {
        var result = await CliProcess.RunAsync(
            ["recon", "evaluate-suggestions", "--profile", "payments", "--count", "5000", "--seeds", "401", "--json", "--check"], _caller);
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var kinds = json.RootElement.GetProperty("kinds").EnumerateArray().ToDictionary(k => k.GetProperty("kind").GetString()!);
        Assert.Equal(["all", "many_to_one", "one_to_many", "one_to_one"], kinds.Keys.Order());
        Assert.True(kinds["all"].GetProperty("planted").GetInt32() > 50);
        Assert.True(kinds["all"].GetProperty("recall").GetDouble() >= 0.9);
        Assert.Equal(10, json.RootElement.GetProperty("bands").GetArrayLength());
        Assert.Empty(json.RootElement.GetProperty("failures").EnumerateArray());

        var bad = await CliProcess.RunAsync(["recon", "evaluate-suggestions", "--profile", "payments", "--seeds", "x"], _caller);
        Assert.Equal(2, bad.ExitCode);
    }
}
