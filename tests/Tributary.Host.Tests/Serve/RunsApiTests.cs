using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tributary.Host.Serve;
using Tributary.Pipeline.Drops;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Testing;

namespace Tributary.Host.Tests.Serve;

public sealed class RunsApiTests
{
    private readonly TallyWorkload _tally = new();

    [Fact]
    public async Task A_start_answers_202_with_links_and_the_run_completes_after_a_transient_fault_is_retried()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);

        using var response = await host.Http.PostAsync("api/runs/tally", Json("""{"id": "t-1", "parameters": {"parts": 4, "failFirst": 2}}"""));
        var links = (await response.Content.ReadFromJsonAsync<RunLinks>(DurableJson.Options))!;
        var status = await host.WaitAsync("t-1");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(links.StatusQueryGetUri, response.Headers.Location!.ToString());
        Assert.EndsWith("/api/runs/t-1", links.StatusQueryGetUri);
        Assert.EndsWith("/api/runs/t-1/terminate", links.TerminatePostUri);
        Assert.Equal(RuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal(6, status.Output!.Value.GetProperty("total").GetInt32());
        Assert.Equal(3, _tally.Attempts["t-1/1"]);
        Assert.Equal("finalize", status.CustomStatus!.Value.GetProperty("phase").GetString());
    }

    [Fact]
    public async Task The_partition_timeline_shows_every_partition_with_its_attempts_and_failures_and_pages()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);
        using var started = await host.Http.PostAsync("api/runs/tally", Json("""{"id": "tl-1", "parameters": {"parts": 4, "failFirst": 2}}"""));
        Assert.Equal(RuntimeStatus.Completed, (await host.WaitAsync("tl-1")).RuntimeStatus);

        var timeline = await host.Http.GetFromJsonAsync<PartitionTimelinePage>("api/runs/tl-1/partitions", DurableJson.Options);
        Assert.True(timeline!.HistoryAvailable);
        Assert.Equal(4, timeline.Total);
        Assert.Equal([0, 1, 2, 3], timeline.Partitions.Select(p => p.Index));
        Assert.Equal(["0", "1", "2", "3"], timeline.Partitions.Select(p => p.Partition));
        Assert.All(timeline.Partitions, p => Assert.Equal("Completed", p.Status));
        Assert.All(timeline.Partitions, p => Assert.True(p.End >= p.Start));
        var faulted = timeline.Partitions[1];
        Assert.Equal(3, faulted.Attempts);
        Assert.Equal(2, faulted.Failures);
        Assert.Contains("transient fault", faulted.LastError, StringComparison.Ordinal);
        Assert.All(timeline.Partitions.Where(p => p.Index != 1), p => Assert.Equal((1, 0), (p.Attempts, p.Failures)));
        Assert.Null(timeline.ContinuationToken);

        var first = await host.Http.GetFromJsonAsync<PartitionTimelinePage>("api/runs/tl-1/partitions?pageSize=3", DurableJson.Options);
        var rest = await host.Http.GetFromJsonAsync<PartitionTimelinePage>($"api/runs/tl-1/partitions?pageSize=3&continuationToken={first!.ContinuationToken}", DurableJson.Options);
        Assert.Equal([0, 1, 2], first.Partitions.Select(p => p.Index));
        Assert.Equal([3], rest!.Partitions.Select(p => p.Index));
        Assert.Null(rest.ContinuationToken);

        using var missing = await host.Http.GetAsync("api/runs/no-such/partitions");
        using var tooBig = await host.Http.GetAsync("api/runs/tl-1/partitions?pageSize=5000");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
    }

    [Fact]
    public async Task Bad_requests_get_400_problem_details_naming_the_field()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);

        var badJson = await ProblemAsync(await host.Http.PostAsync("api/runs/tally", Json("""{"parameters": {"parts": "many"}}""")));
        var badRange = await ProblemAsync(await host.Http.PostAsync("api/runs/tally", Json("""{"parameters": {"parts": 1000}}""")));
        var badId = await ProblemAsync(await host.Http.PostAsync("api/runs/tally", Json("""{"id": "no/slashes"}""")));
        var badKind = await ProblemAsync(await host.Http.PostAsync("api/runs/nope", Json("{}")));
        var badStatus = await ProblemAsync(await host.Http.GetAsync("api/runs?status=Sleeping"));
        var badDate = await ProblemAsync(await host.Http.GetAsync("api/runs?createdFrom=yesterday"));

        Assert.Contains("parameters.parts", badJson.Errors.Keys);
        Assert.Contains("parameters.parts", badRange.Errors.Keys);
        Assert.Contains("id", badId.Errors.Keys);
        Assert.Contains("kind", badKind.Errors.Keys);
        Assert.Contains("status", badStatus.Errors.Keys);
        Assert.Contains("createdFrom", badDate.Errors.Keys);
    }

    [Fact]
    public async Task An_empty_body_starts_a_run_with_defaults_whether_sized_or_chunked()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);

        using var sized = await host.Http.PostAsync("api/runs/tally", null);
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "api/runs/tally") { Content = new StreamContent(new MemoryStream()) };
        chunked.Headers.TransferEncodingChunked = true;
        using var chunkedResponse = await host.Http.SendAsync(chunked);

        foreach (var response in new[] { sized, chunkedResponse })
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var links = (await response.Content.ReadFromJsonAsync<RunLinks>(DurableJson.Options))!;
            Assert.Equal(RuntimeStatus.Completed, (await host.WaitAsync(links.Id)).RuntimeStatus);
        }
    }

    [Fact]
    public async Task Reusing_a_run_id_with_other_parameters_or_source_is_a_409_naming_what_differs()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);
        using var first = await host.Http.PostAsync("api/runs/tally", Json("""{"id": "t-reuse", "parameters": {"parts": 2}}"""));
        await host.WaitAsync("t-reuse");

        using var same = await host.Http.PostAsync("api/runs/tally", Json("""{"id": "t-reuse", "parameters": {"parts": 2}}"""));
        using var otherParameters = await host.Http.PostAsync("api/runs/tally", Json("""{"id": "t-reuse", "parameters": {"parts": 3}}"""));
        using var otherSource = await host.Http.PostAsync("api/runs/tally", Json("""{"id": "t-reuse", "source": {"container": "hpi-drop", "prefix": "x"}, "parameters": {"parts": 2}}"""));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, same.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, otherParameters.StatusCode);
        Assert.Contains("""parameters are {"parts":2}, not {"parts":3}""", (await otherParameters.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, otherSource.StatusCode);
        Assert.Contains("source is none, not hpi-drop/x/", (await otherSource.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Single(await host.RunsAsync("tally"));
    }

    [Fact]
    public async Task Oversized_bodies_are_refused()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally], new HostSettings { MaxRequestBodyBytes = 1024 });

        using var response = await host.Http.PostAsync("api/runs/tally", Json("{\"parameters\": {\"parts\": 1, \"padding\": \"" + new string('x', 4096) + "\"}}"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Terminate_stops_a_running_run_and_purge_removes_it_only_once_finished()
    {
        _tally.Gate = new TaskCompletionSource();
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);
        await host.Http.PostAsync("api/runs/tally", Json("""{"id": "t-stop", "parameters": {"parts": 3}}"""));
        await Eventually.TrueAsync(() => _tally.Attempts.Count >= 1, "a partition attempt", 20_000);

        using var early = await host.Http.DeleteAsync("api/runs/t-stop");
        using var running = await host.Http.GetAsync("api/runs/t-stop");
        using var terminate = await host.Http.PostAsync("api/runs/t-stop/terminate", null);
        var status = await host.WaitAsync("t-stop");

        // Counted once the terminate answered (it returns after the run stopped): partitions already handed to workers
        // before the terminate may still start until then, none after.
        var startedBeforeTerminate = _tally.Attempts.Count;
        using var again = await host.Http.PostAsync("api/runs/t-stop/terminate", null);
        using var purge = await host.Http.DeleteAsync("api/runs/t-stop");
        using var gone = await host.Http.GetAsync("api/runs/t-stop");

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        Assert.Equal(RuntimeStatus.Terminated, status.RuntimeStatus);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        await Task.Delay(300);
        Assert.Equal(startedBeforeTerminate, _tally.Attempts.Count);
    }

    [Fact]
    public async Task The_same_id_twice_gives_one_run_and_listing_filters_and_pages()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally]);
        foreach (var id in new[] { "a", "b", "c", "a" })
        {
            using var _ = await host.Http.PostAsync("api/runs/tally", Json("{\"id\": \"" + id + "\", \"parameters\": {\"parts\": 2}}"));
            await host.WaitAsync(id);
        }

        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var url = "api/runs?status=Completed&kind=tally&pageSize=2" + (continuation is null ? "" : "&continuationToken=" + Uri.EscapeDataString(continuation));
            var page = (await host.Http.GetFromJsonAsync<RunPage>(url, DurableJson.Options))!;
            ids.AddRange(page.Items.Select(i => i.Id));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        Assert.Equal(["a", "b", "c"], ids.Order());
        Assert.Equal(2, _tally.Attempts.Count(a => a.Key.StartsWith("a/", StringComparison.Ordinal)));
        Assert.All(_tally.Attempts, a => Assert.Equal(1, a.Value));
    }

    [Fact]
    public async Task A_dropped_request_starts_exactly_one_run_however_often_it_is_scanned()
    {
        var backend = TestBackend.InMemory();
        await using var host = await HostHarness.StartAsync(backend, _ => [_tally]);
        var trigger = new BlobRef("tally-requests", "nightly.json");
        await backend.Blobs.WriteAsync(trigger, new MemoryStream("""{"parts": 3}"""u8.ToArray()), default);
        var runId = await DropScanner.RunIdAsync(backend.Blobs, "tally", _tally.Drop!, trigger, default);

        var status = await host.WaitAsync(runId);
        var watcher = host.Runtime;
        await Task.Delay(300); // several more scans

        Assert.Equal(RuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal(3, status.Output!.Value.GetProperty("total").GetInt32());
        Assert.Equal(3, _tally.Attempts.Count);
        Assert.Equal(runId, (await backend.Blobs.GetInfoAsync(trigger, default))!.Metadata[DropScanner.ProcessedKey]);
        Assert.Single(await host.RunsAsync("tally"));
    }

    [Fact]
    public async Task A_malformed_drop_fails_and_is_quarantined_while_another_drop_completes()
    {
        var backend = TestBackend.InMemory();
        await using var host = await HostHarness.StartAsync(backend, _ => [_tally]);
        await backend.Blobs.WriteAsync(new BlobRef("tally-requests", "bad.json"), new MemoryStream("{\"parts\": 3,"u8.ToArray()), default);
        await backend.Blobs.WriteAsync(new BlobRef("tally-requests", "good.json"), new MemoryStream("""{"parts": 2}"""u8.ToArray()), default);

        await Eventually.TrueAsync(async () => (await host.RunsAsync(null, RuntimeStatus.Completed, RuntimeStatus.Failed)).Count == 2, "both runs finished", 20_000);
        var runs = await host.RunsAsync();

        var failed = Assert.Single(runs, r => r.RuntimeStatus == RuntimeStatus.Failed);
        Assert.Contains("tally-requests/bad.json", failed.Failure!.Message);
        Assert.Single(runs, r => r.RuntimeStatus == RuntimeStatus.Completed);
        Assert.Null(await backend.Blobs.GetInfoAsync(new BlobRef("tally-requests", "bad.json"), default));
        using var report = new StreamReader(await backend.Blobs.OpenReadAsync(new BlobRef("quarantine", $"tally-requests/bad.json.{failed.Id}.error.txt"), default));
        Assert.Contains("not valid JSON", await report.ReadToEndAsync());
    }

    [Fact]
    public async Task Health_reports_dependencies_timers_and_the_drop_watcher()
    {
        var failing = new PipelineBackend("test", null, new Pipeline.InMemory.InMemoryBlobStore(),
            new Pipeline.InMemory.InMemoryDocumentStore(), new Pipeline.InMemory.InMemoryRunEventPublisher(),
            [new DependencyCheck("cosmos", "https://127.0.0.1:1", _ => throw new HttpRequestException("connection refused"))],
            taskHub: logs => new Microsoft.DurableTask.Testing.Sidecar.InMemoryOrchestrationService(logs));
        await using var host = await HostHarness.StartAsync(failing, _ => [_tally]);

        using var response = await host.Http.GetAsync("api/health");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var cosmos = body.RootElement.GetProperty("dependencies")[0];
        Assert.False(cosmos.GetProperty("healthy").GetBoolean());
        Assert.Equal("connection refused", cosmos.GetProperty("problem").GetString());
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("drops").ValueKind);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<Microsoft.AspNetCore.Mvc.ValidationProblemDetails> ProblemAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>())!;
        }
    }
}
