using System.Text.Json;
using Tributary.Host.Tests.Serve;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Workflow;

namespace Tributary.Host.Tests.Cli;

/// <summary>`recon suggestions`, `recon accept` and `recon reject` as a user runs them (a real `tributary` process) against a real host in memory.</summary>
public sealed class ReconDecisionVerbTests
{
    private const string Sure = "00000000000000a1";
    private const string Unsure = "00000000000000a2";

    [Fact]
    public async Task Suggestions_lists_filters_and_prints_a_table_or_json()
    {
        await using var host = await SeededHostAsync();

        var all = await Cli(host, TestKeys.Admin, "recon", "suggestions", "rs-1", "--json");
        var sure = await Cli(host, TestKeys.Admin, "recon", "suggestions", "rs-1", "--min-confidence", "0.5");
        var kind = await Cli(host, TestKeys.Admin, "recon", "suggestions", "rs-1", "--kind", "one_to_many", "--json");
        var badConfidence = await Cli(host, TestKeys.Admin, "recon", "suggestions", "rs-1", "--min-confidence", "7");

        Assert.Equal(0, all.ExitCode);
        Assert.Equal([Sure, Unsure], Ids(all.Output)); // surest first
        Assert.Equal(0, sure.ExitCode);
        Assert.Matches($"│ {Sure} +│ one_to_one +│ +0.93 +│ proposed +│ 4 +│ 7 +│", sure.Output);
        Assert.DoesNotContain(Unsure, sure.Output);
        Assert.Contains("1 suggestion of run rs-1", sure.Errors);
        Assert.Equal([Unsure], Ids(kind.Output));
        Assert.Equal(2, badConfidence.ExitCode);
    }

    [Fact]
    public async Task Accept_closes_the_breaks_as_the_key_holder_and_a_second_accept_is_a_usage_error()
    {
        await using var host = await SeededHostAsync();

        var accepted = await Cli(host, TestKeys.ByRole[Role.Approver], "recon", "accept", "rs-1", Sure, "--comment", "bank fee");
        var again = await Cli(host, TestKeys.ByRole[Role.Approver], "recon", "accept", "rs-1", Sure);

        Assert.Equal(0, accepted.ExitCode);
        Assert.Contains($"{Sure} accepted", accepted.Output);
        Assert.Contains("bl-1 closed", accepted.Output);
        var closed = (await host.Runtime.Services.Documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "rs-1", "bl-1", default))!.Document;
        Assert.Equal(("closed", Sure), (closed.Status, closed.MatchedBySuggestion));
        Assert.Equal(("approver-key", "key:approver-key", "bank fee"), (closed.History[^1].Actor, closed.History[^1].ActorId, closed.History[^1].Comment));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already accepted", again.Errors);
    }

    [Fact]
    public async Task Reject_needs_a_comment_and_the_approver_role()
    {
        await using var host = await SeededHostAsync();

        var noComment = await Cli(host, TestKeys.ByRole[Role.Approver], "recon", "reject", "rs-1", Unsure);
        var byOperator = await Cli(host, TestKeys.ByRole[Role.Operator], "recon", "reject", "rs-1", Unsure, "--comment", "different customers");
        var rejected = await Cli(host, TestKeys.ByRole[Role.Approver], "recon", "reject", "rs-1", Unsure, "--comment", "different customers");

        Assert.Equal(2, noComment.ExitCode);
        Assert.Equal(2, byOperator.ExitCode);
        Assert.Contains("approver", byOperator.Errors);
        Assert.Equal(0, rejected.ExitCode);
        var stored = (await host.Runtime.Services.Documents.ReadAsync<ReconSuggestionDocument>(ResultContainers.ReconSuggestions, "rs-1", Unsure, default))!.Document;
        Assert.Equal(("rejected", "approver-key", "different customers"), (stored.Status, stored.Decision!.Actor, stored.Decision.Comment));
        Assert.Equal("open", (await host.Runtime.Services.Documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "rs-1", "bl-2", default))!.Document.Status);
    }

    private static async Task<HostHarness> SeededHostAsync()
    {
        var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => []);
        var documents = host.Runtime.Services.Documents;
        foreach (var (id, suggestion) in new[] { ("bl-1", Sure), ("br-1", Sure), ("bl-2", Unsure), ("br-2", Unsure), ("br-3", Unsure) })
        {
            await documents.UpsertAsync(ResultContainers.ReconBreaks, "rs-1", id,
                new ReconBreakDocument(id, "rs-1", "payments", "unmatched", "high", "open", id.StartsWith("bl", StringComparison.Ordinal) ? "left" : "right", "K-" + id, "",
                    "", "", "", 10m, "EUR", "unmatched", 1, Array.Empty<StatusChange>(), Suggestions: [suggestion]), default);
        }

        await documents.UpsertAsync(ResultContainers.ReconSuggestions, "rs-1", Sure,
            new ReconSuggestionDocument(Sure, "rs-1", "payments", "one_to_one", "EUR", [4], [7], ["bl-1", "br-1"], 0.93, "reference 1 transposition apart", "", 20m, "proposed"), default);
        await documents.UpsertAsync(ResultContainers.ReconSuggestions, "rs-1", Unsure,
            new ReconSuggestionDocument(Unsure, "rs-1", "payments", "one_to_many", "EUR", [5], [8, 9], ["bl-2", "br-2", "br-3"], 0.31, "sum short by 2.50", "", 30m, "proposed"), default);
        return host;
    }

    private static Task<CliResult> Cli(HostHarness host, string key, params string[] args) =>
        CliProcess.RunAsync([.. args, "--host", host.Http.BaseAddress!.ToString(), "--api-key", key]);

    private static IEnumerable<string> Ids(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
}
