using Tributary.Functions.Api;
using Tributary.Functions.Tests.Support;
using Tributary.Pipeline.Runs;

namespace Tributary.Functions.Tests.Api;

/// <summary>The run routes, called as the Functions host calls them: the app's HTTP functions with a request and the real Durable client.</summary>
public sealed class RunsFunctionsTests : IAsyncLifetime
{
    // Three partitions of a tiny generation: past the test host's threshold of 2, so the run also uses gen_partitions.
    private const string GenBody = """{"id": "%ID%", "parameters": {"seed": 7, "count": 2500, "batchSize": 1000, "customerCount": 200, "merchantCount": 1000}}""";

    private FunctionsHost _host = null!;
    private FunctionsHttp _http = null!;

    public async Task InitializeAsync()
    {
        _host = await FunctionsHost.StartAsync();
        _http = new FunctionsHttp(new PipelineHttpFunctions(new FunctionsApi(_host.Runs)), _host.Client);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_run_started_over_http_completes_is_listed_by_kind_and_is_purged()
    {
        var started = await _http.SendAsync("POST", "/api/runs/gen", GenBody.Replace("%ID%", "gen-http-1"));
        Assert.Equal(202, started.Status);
        var links = started.As<RunLinks>();
        Assert.Equal("https://tributary.example/api/runs/gen-http-1", started.Headers.Location.ToString());
        Assert.Equal(started.Headers.Location.ToString(), links.StatusQueryGetUri);
        Assert.Equal(links.StatusQueryGetUri + "/terminate", links.TerminatePostUri);

        var view = await PollUntilFinishedAsync("gen-http-1");
        Assert.Equal(RuntimeStatus.Completed, view.RuntimeStatus);
        Assert.Equal("gen", view.Kind);
        Assert.NotNull(view.Output);
        Assert.Contains(_host.Events.Events, e => e.RunId == "gen-http-1" && e.Status == "Completed");

        var rerun = await _http.SendAsync("POST", "/api/runs/gen-http-1/rerun");
        Assert.Equal(202, rerun.Status);
        Assert.Equal("gen-http-1.rerun-1", rerun.As<RunLinks>().Id);
        Assert.Equal(RuntimeStatus.Completed, (await PollUntilFinishedAsync("gen-http-1.rerun-1")).RuntimeStatus);
        Assert.Equal(404, (await _http.SendAsync("POST", "/api/runs/no-such-run/rerun")).Status);

        var list = await _http.SendAsync("GET", "/api/runs?kind=gen");
        Assert.Contains(list.As<RunPage>().Items, r => r.Id == "gen-http-1");
        Assert.Empty((await _http.SendAsync("GET", "/api/runs?kind=hpi")).As<RunPage>().Items);

        var purged = await _http.SendAsync("DELETE", "/api/runs/gen-http-1");
        Assert.Equal(200, purged.Status);
        // The run and its two gen_partitions children (three partitions, two per child).
        Assert.Equal(3, purged.Json.GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(404, (await _http.SendAsync("GET", "/api/runs/gen-http-1")).Status);
    }

    [Fact]
    public async Task Drops_lists_a_folder_with_data_but_no_manifest_as_pending()
    {
        await _host.Blobs.EnsureContainerAsync("recon-drop", default);
        await _host.Blobs.WriteAsync(new Tributary.Pipeline.Ports.BlobRef("recon-drop", "waiting/left.csv"), new MemoryStream("trade_id\n"u8.ToArray()), default);

        var listed = await _http.SendAsync("GET", "/api/drops");

        Assert.Equal(200, listed.Status);
        Assert.Contains("waiting/", listed.Body);
        Assert.Contains("manifest.json", listed.Body);
    }

    [Fact]
    public async Task A_running_run_answers_202_with_retry_after_and_terminate_then_conflicts()
    {
        await _http.SendAsync("POST", "/api/runs/gen", GenBody.Replace("%ID%", "gen-stop"));
        var status = await _http.SendAsync("GET", "/api/runs/gen-stop");
        if (status.Status == 202)
        {
            Assert.Equal("2", status.Headers.RetryAfter.ToString());
        }

        var terminated = await _http.SendAsync("POST", "/api/runs/gen-stop/terminate?reason=test");
        if (terminated.Status == 202)
        {
            Assert.Equal("gen-stop", terminated.As<RunStatusView>().Id);
            Assert.Contains(_host.Events.Events, e => e.RunId == "gen-stop" && e.Status == "Terminated");
            Assert.Equal(RuntimeStatus.Terminated, (await PollUntilFinishedAsync("gen-stop")).RuntimeStatus);
        }
        else
        {
            // The run may have finished first on a fast machine: then terminate is the conflict it would be anyway.
            Assert.Equal(409, terminated.Status);
        }

        Assert.Equal(409, (await _http.SendAsync("POST", "/api/runs/gen-stop/terminate")).Status);
        Assert.Equal(404, (await _http.SendAsync("POST", "/api/runs/no-such-run/terminate")).Status);
    }

    [Fact]
    public async Task A_page_that_is_full_hands_out_a_continuation_token_in_the_header()
    {
        await _http.SendAsync("POST", "/api/runs/gen", GenBody.Replace("%ID%", "gen-page-1"));
        await _http.SendAsync("POST", "/api/runs/gen", GenBody.Replace("%ID%", "gen-page-2"));

        var answer = await _http.SendAsync("GET", "/api/runs?kind=gen&pageSize=1");
        var page = answer.As<RunPage>();

        Assert.Single(page.Items);
        Assert.NotNull(page.ContinuationToken);
        Assert.Equal(page.ContinuationToken, answer.Headers["x-ms-continuation-token"].ToString());
    }

    [Theory]
    [InlineData("""{"id": "not a valid id!"}""", "id")]
    [InlineData("""{"source": {"prefix": "x/"}}""", "source.container")]
    [InlineData("""{"parameters": """, "parameters")]
    public async Task A_bad_body_is_400_problem_details_naming_the_field(string body, string field)
    {
        var answer = await _http.SendAsync("POST", "/api/runs/gen", body);

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.Headers.ContentType.ToString());
        Assert.Equal(400, answer.Json.GetProperty("status").GetInt32());
        Assert.True(answer.Json.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Contains(field, answer.Json.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_kind_and_a_bad_list_filter_are_400_naming_the_parameter()
    {
        var kind = await _http.SendAsync("POST", "/api/runs/nope");
        var filter = await _http.SendAsync("GET", "/api/runs?pageSize=0");

        Assert.True(kind.Json.GetProperty("errors").TryGetProperty("kind", out _));
        Assert.True(filter.Json.GetProperty("errors").TryGetProperty("pageSize", out _));
    }

    private async Task<RunStatusView> PollUntilFinishedAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var answer = await _http.SendAsync("GET", $"/api/runs/{id}");
            if (answer.Status == 200)
            {
                return answer.As<RunStatusView>();
            }

            Assert.Equal(202, answer.Status);
            Assert.Equal("2", answer.Headers.RetryAfter.ToString());
            Assert.Equal($"https://tributary.example/api/runs/{id}", answer.Headers.Location.ToString());
            Assert.True(DateTime.UtcNow < deadline, $"run {id} did not finish in time");
            await Task.Delay(100);
        }
    }
}
