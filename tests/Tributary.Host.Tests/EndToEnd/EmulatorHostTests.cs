using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tributary.Host.Serve;
using Tributary.Pipeline.Runs;
using Tributary.Host.Tests.Serve;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Tests.EndToEnd;

/// <summary>The host in process on the real emulators: retries, terminate and the break workflow against Cosmos and Azurite.</summary>
public sealed class EmulatorHostTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_transient_fault_is_retried_to_completion_and_terminate_stops_a_running_run()
    {
        var tally = new TallyWorkload();
        var backend = await BackendFactory.ConnectAsync(fixture.Emulators.StorageSettings, fixture.Emulators.CosmosSettings, "e2e", null, default);
        await using var host = await HostHarness.StartAsync(backend, _ => [tally]);

        await host.Http.PostAsync("api/runs/tally", Json("""{"id": "e2e-retry", "parameters": {"parts": 3, "failFirst": 2}}"""));
        var retried = await host.WaitAsync("e2e-retry");
        // The partition timeline read from the Azure Storage provider's own history of the run.
        var timeline = await host.Http.GetFromJsonAsync<PartitionTimelinePage>("api/runs/e2e-retry/partitions", DurableJson.Options);
        tally.Gate = new TaskCompletionSource();
        await host.Http.PostAsync("api/runs/tally", Json("""{"id": "e2e-stop", "parameters": {"parts": 2}}"""));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (tally.Attempts.Keys.Count(k => k.StartsWith("e2e-stop/", StringComparison.Ordinal)) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        using var terminate = await host.Http.PostAsync("api/runs/e2e-stop/terminate", null);
        var stopped = await host.WaitAsync("e2e-stop");

        Assert.Equal(RuntimeStatus.Completed, retried.RuntimeStatus);
        Assert.Equal(3, tally.Attempts["e2e-retry/1"]);
        Assert.Equal(3, retried.Output!.Value.GetProperty("total").GetInt32());
        Assert.True(timeline!.HistoryAvailable);
        Assert.Equal([(0, 1, 0), (1, 3, 2), (2, 1, 0)], timeline.Partitions.Select(p => (p.Index, p.Attempts, p.Failures)));
        Assert.All(timeline.Partitions, p => Assert.True(p.Status == "Completed" && p.End >= p.Start));
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        Assert.Equal(RuntimeStatus.Terminated, stopped.RuntimeStatus);
        await Task.Delay(300);
        Assert.Equal(2, tally.Attempts.Keys.Count(k => k.StartsWith("e2e-stop/", StringComparison.Ordinal)));
        Assert.Equal(RuntimeStatus.Terminated, (await host.Runtime.Runs.FindAsync("e2e-stop", false, default))!.Status);
    }

    [Fact]
    public async Task A_break_moves_along_the_workflow_and_a_refused_move_is_a_conflict()
    {
        var backend = await BackendFactory.ConnectAsync(fixture.Emulators.StorageSettings, fixture.Emulators.CosmosSettings, "e2e", null, default);
        await using var host = await HostHarness.StartAsync(backend, _ => []);
        var found = new ReconBreakDocument("brk-1", "run-wf", "trades", "quantity_mismatch", "high", "open", "both", "T1", "quantity", "10", "12", "2",
            200m, "USD", "exact", null, []);
        await backend.Documents.UpsertAsync(ResultContainers.ReconBreaks, "run-wf", found.Id, found, default);

        using var review = await host.Http.PatchAsync("api/recon/run-wf/breaks/brk-1", Json("""{"status": "in_review", "comment": "on it"}"""));
        using var skip = await host.Http.PatchAsync("api/recon/run-wf/breaks/brk-1", Json("""{"status": "closed"}"""));
        using var forged = await host.Http.PatchAsync("api/recon/run-wf/breaks/brk-1", Json("""{"status": "resolved", "actor": "ana"}"""));
        var page = await host.Http.GetFromJsonAsync<JsonElement>("api/recon/run-wf/breaks?status=in_review&severity=high");

        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, skip.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var stored = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("in_review", stored.GetProperty("status").GetString());
        Assert.Equal(("admin-key", "on it"), (stored.GetProperty("history")[0].GetProperty("actor").GetString(), stored.GetProperty("history")[0].GetProperty("comment").GetString()));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
