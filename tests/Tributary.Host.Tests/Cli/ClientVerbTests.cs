using System.Net;
using System.Text;
using System.Text.Json;
using Tributary.Host.Serve;
using Tributary.Host.Tests.Serve;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Workflow;

namespace Tributary.Host.Tests.Cli;

/// <summary>The client verbs as a user runs them (a real `tributary` process) against a real host started in process, in memory.</summary>
public sealed class ClientVerbTests
{
    private readonly TallyWorkload _tally = new();

    [Fact]
    public async Task List_follows_continuation_tokens_applies_the_filters_and_prints_a_table_or_json()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);
        foreach (var id in new[] { "l-1", "l-2", "l-3" })
        {
            await StartAsync(host, id);
            await host.WaitAsync(id);
        }

        var paged = await Cli(host, "list", "--page-size", "1", "--json");
        var table = await Cli(host, "list", "--kind", "tally", "--status", "completed,Running");
        var failed = await Cli(host, "list", "--status", "Failed", "--json");
        var future = await Cli(host, "list", "--created-from", DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd"), "--json");
        var otherKind = await Cli(host, "list", "--kind", "gen", "--json");

        Assert.Equal(0, paged.ExitCode);
        Assert.Equal(["l-3", "l-2", "l-1"], Ids(paged.Output)); // newest first, across pages
        Assert.Equal(0, table.ExitCode);
        Assert.All(new[] { "l-1", "l-2", "l-3" }, id => Assert.Matches($"│ {id} +│ tally +│ Completed +│", table.Output));
        Assert.Contains("3 runs", table.Errors);
        Assert.Empty(Ids(failed.Output));
        Assert.Empty(Ids(future.Output));
        Assert.True(otherKind.ExitCode == 2, otherKind.Errors); // this host has no gen workload: a 4xx naming the field
        Assert.Contains("kind", otherKind.Errors);
    }

    [Fact]
    public async Task Terminate_stops_a_running_run_and_terminating_it_again_is_a_usage_error()
    {
        _tally.Gate = new TaskCompletionSource();
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);
        await StartAsync(host, "t-stop", parts: 3);

        var terminated = await Cli(host, "terminate", "t-stop", "--reason", "wrong seed");
        var again = await Cli(host, "terminate", "t-stop");
        var status = await host.WaitAsync("t-stop");

        Assert.Equal(0, terminated.ExitCode);
        Assert.Equal("t-stop", terminated.Output.Trim());
        Assert.Equal(RuntimeStatus.Terminated, status.RuntimeStatus);
        Assert.Equal("wrong seed", status.Output!.Value.GetString());
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("409 Conflict: Conflict — run t-stop is already Terminated", again.Errors);
    }

    [Fact]
    public async Task Rerun_and_purge_work_on_a_finished_run_and_purging_an_unknown_run_is_a_usage_error()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);
        await StartAsync(host, "p-1");
        await host.WaitAsync("p-1");

        var rerun = await Cli(host, "rerun", "p-1", "--wait");
        var purged = await Cli(host, "purge", "p-1");
        using var gone = await host.Http.GetAsync("api/runs/p-1");
        var unknown = await Cli(host, "purge", "p-1");

        Assert.Equal(0, rerun.ExitCode);
        Assert.StartsWith("p-1.rerun-1", rerun.Output);
        Assert.Equal(0, purged.ExitCode);
        Assert.Contains("purged: 1 instance(s)", purged.Errors);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("404 Not Found: run p-1 was not found", unknown.Errors);
    }

    [Fact]
    public async Task Recon_breaks_follows_continuation_tokens_and_filters_by_status_severity_and_type()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);
        var documents = host.Runtime.Services.Documents;
        foreach (var (id, type, severity, status) in new[]
        {
            ("b-1", "missing_payout", "critical", "open"), ("b-2", "refund_mismatch", "low", "open"), ("b-3", "missing_payout", "low", "in_review"),
        })
        {
            await documents.UpsertAsync(ResultContainers.ReconBreaks, "rb-1", id, Break("rb-1", id, type, severity, status), default);
        }

        var all = await Cli(host, "recon", "breaks", "rb-1", "--page-size", "1", "--json");
        var open = await Cli(host, "recon", "breaks", "rb-1", "--status", "open");
        var critical = await Cli(host, "recon", "breaks", "rb-1", "--severity", "critical", "--json");
        var payouts = await Cli(host, "recon", "breaks", "rb-1", "--type", "missing_payout", "--status", "in_review", "--json");
        var badStatus = await Cli(host, "recon", "breaks", "rb-1", "--status", "done");

        Assert.Equal(0, all.ExitCode);
        Assert.Equal(["b-1", "b-2", "b-3"], Ids(all.Output).Order());
        Assert.Equal(0, open.ExitCode);
        Assert.Matches("│ b-1 +│ missing_payout +│ critical +│ open +│", open.Output);
        Assert.Matches("│ b-2 +│ refund_mismatch +│ low +│ open +│", open.Output);
        Assert.DoesNotContain("b-3", open.Output);
        Assert.Contains("2 breaks of run rb-1", open.Errors);
        Assert.Equal(["b-1"], Ids(critical.Output));
        Assert.Equal(["b-3"], Ids(payouts.Output));
        Assert.Equal(2, badStatus.ExitCode);
    }

    [Fact]
    public async Task Recon_move_of_an_unknown_break_is_a_usage_error()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);

        var result = await Cli(host, "recon", "move", "rb-1", "no-such-break", "--to", "in_review", "--comment", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: 4", result.Errors);
    }

    [Fact]
    public async Task Recon_move_moves_a_break_and_the_host_records_the_key_holder_and_the_comment()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);
        await host.Runtime.Services.Documents.UpsertAsync(ResultContainers.ReconBreaks, "rb-1", "b-1", Break("rb-1", "b-1", "missing_payout", "high", "open"), default);

        var result = await Cli(host, "recon", "move", "rb-1", "b-1", "--to", "in_review", "--assignee", "alice", "--comment", "looking");
        var stored = await host.Runtime.Services.Documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, "rb-1", "b-1", default);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(("in_review", "alice"), (stored!.Document.Status, stored.Document.Assignee));
        var change = stored.Document.History.Single();
        Assert.Equal(("admin-key", "key:admin-key", "looking"), (change.Actor, change.ActorId, change.Comment));
    }

    [Fact]
    public async Task An_unreachable_host_is_an_environment_problem()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();

        var result = await CliProcess.RunAsync(["list", "--host", closed]);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("cannot reach the host", result.Errors);
    }

    private static Task<CliResult> Cli(HostHarness host, params string[] args) => CliProcess.RunAsync([.. args, "--host", host.Http.BaseAddress!.ToString(), "--api-key", TestKeys.Admin]);

    private static async Task StartAsync(HostHarness host, string id, int parts = 1)
    {
        using var response = await host.Http.PostAsync(
            "api/runs/tally", new StringContent(JsonSerializer.Serialize(new { id, parameters = new { parts } }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static IEnumerable<string> Ids(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();

    private static ReconBreakDocument Break(string runId, string id, string type, string severity, string status) =>
        new(id, runId, "pos", type, severity, status, "left", "K-" + id, "amount", "10", "", "10", 10m, "INR", "exact", 1, Array.Empty<StatusChange>());
}
