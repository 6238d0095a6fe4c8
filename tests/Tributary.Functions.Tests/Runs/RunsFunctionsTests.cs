using Microsoft.AspNetCore.Mvc;
using Tributary.Functions.Runs;
using Tributary.Functions.Tests.Support;
using Tributary.Pipeline.Runs;

namespace Tributary.Functions.Tests.Runs;

/// <summary>The run routes, called as the Functions host calls them: a request and the real Durable client.</summary>
public sealed class RunsFunctionsTests : IAsyncLifetime
{
    // Three partitions of a tiny generation: past the test host's threshold of 2, so the run also uses gen_partitions.
    private const string GenBody = """{"id": "%ID%", "parameters": {"seed": 7, "count": 2500, "batchSize": 1000, "customerCount": 200, "merchantCount": 1000}}""";

    private FunctionsHost _host = null!;
    private RunsFunctions _functions = null!;

    public async Task InitializeAsync()
    {
        _host = await FunctionsHost.StartAsync();
        _functions = new RunsFunctions(_host.Runs);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_run_started_over_http_completes_is_listed_by_kind_and_is_purged()
    {
        var started = Assert.IsType<AcceptedResult>(await _functions.StartAsync(Http.Request(GenBody.Replace("%ID%", "gen-http-1")), "gen", _host.Client, default));
        var links = Assert.IsType<RunLinks>(started.Value);
        Assert.Equal("https://tributary.example/api/runs/gen-http-1", started.Location);
        Assert.Equal(started.Location, links.StatusQueryGetUri);
        Assert.Equal(started.Location + "/terminate", links.TerminatePostUri);

        var view = await PollUntilFinishedAsync("gen-http-1");
        Assert.Equal(RuntimeStatus.Completed, view.RuntimeStatus);
        Assert.Equal("gen", view.Kind);
        Assert.NotNull(view.Output);
        Assert.Contains(_host.Events.Events, e => e.RunId == "gen-http-1" && e.Status == "Completed");

        var rerun = Assert.IsType<AcceptedResult>(await _functions.RerunAsync(Http.Request(), "gen-http-1", _host.Client, default));
        Assert.Equal("gen-http-1.rerun-1", Assert.IsType<RunLinks>(rerun.Value).Id);
        Assert.Equal(RuntimeStatus.Completed, (await PollUntilFinishedAsync("gen-http-1.rerun-1")).RuntimeStatus);
        Assert.Equal(404, Status(await _functions.RerunAsync(Http.Request(), "no-such-run", _host.Client, default)));

        var list = Assert.IsType<OkObjectResult>(await _functions.ListAsync(Http.Request(query: "?kind=gen"), _host.Client, default));
        Assert.Contains(Assert.IsType<RunPage>(list.Value).Items, r => r.Id == "gen-http-1");
        var otherKind = Assert.IsType<OkObjectResult>(await _functions.ListAsync(Http.Request(query: "?kind=hpi"), _host.Client, default));
        Assert.Empty(Assert.IsType<RunPage>(otherKind.Value).Items);

        var purged = Assert.IsType<OkObjectResult>(await _functions.PurgeAsync(Http.Request(), "gen-http-1", _host.Client, default));
        // The run and its two gen_partitions children (three partitions, two per child).
        Assert.Equal(3, (int)purged.Value!.GetType().GetProperty("instancesDeleted")!.GetValue(purged.Value)!);
        Assert.Equal(404, Status(await _functions.GetAsync(Http.Request(), "gen-http-1", _host.Client, default)));
    }

    [Fact]
    public async Task Drops_lists_a_folder_with_data_but_no_manifest_as_pending()
    {
        await _host.Blobs.EnsureContainerAsync("recon-drop", default);
        await _host.Blobs.WriteAsync(new Tributary.Pipeline.Ports.BlobRef("recon-drop", "waiting/left.csv"), new MemoryStream("trade_id\n"u8.ToArray()), default);

        var listed = Assert.IsType<OkObjectResult>(await _functions.ListDropsAsync(Http.Request(), default));

        var view = Assert.IsType<Tributary.Pipeline.Drops.DropsView>(listed.Value);
        var json = System.Text.Json.JsonSerializer.Serialize(view);
        Assert.Contains("waiting/", json);
        Assert.Contains("manifest.json", json);
    }

    [Fact]
    public async Task A_running_run_answers_202_with_retry_after_and_terminate_then_conflicts()
    {
        await _functions.StartAsync(Http.Request(GenBody.Replace("%ID%", "gen-stop")), "gen", _host.Client, default);
        var request = Http.Request();
        var status = await _functions.GetAsync(request, "gen-stop", _host.Client, default);
        if (status is AcceptedResult)
        {
            Assert.Equal("2", request.HttpContext.Response.Headers.RetryAfter.ToString());
        }

        var terminated = await _functions.TerminateAsync(Http.Request(query: "?reason=test"), "gen-stop", _host.Client, default);
        if (terminated is AcceptedResult accepted)
        {
            Assert.Equal("gen-stop", Assert.IsType<RunStatusView>(accepted.Value).Id);
            Assert.Contains(_host.Events.Events, e => e.RunId == "gen-stop" && e.Status == "Terminated");
            Assert.Equal(RuntimeStatus.Terminated, (await PollUntilFinishedAsync("gen-stop")).RuntimeStatus);
        }
        else
        {
            // The run may have finished first on a fast machine: then terminate is the conflict it would be anyway.
            Assert.Equal(409, Status(terminated));
        }

        Assert.Equal(409, Status(await _functions.TerminateAsync(Http.Request(), "gen-stop", _host.Client, default)));
        Assert.Equal(404, Status(await _functions.TerminateAsync(Http.Request(), "no-such-run", _host.Client, default)));
    }

    [Fact]
    public async Task A_page_that_is_full_hands_out_a_continuation_token_in_the_header()
    {
        await _functions.StartAsync(Http.Request(GenBody.Replace("%ID%", "gen-page-1")), "gen", _host.Client, default);
        await _functions.StartAsync(Http.Request(GenBody.Replace("%ID%", "gen-page-2")), "gen", _host.Client, default);
        var request = Http.Request(query: "?kind=gen&pageSize=1");

        var page = Assert.IsType<RunPage>(Assert.IsType<OkObjectResult>(await _functions.ListAsync(request, _host.Client, default)).Value);

        Assert.Single(page.Items);
        Assert.NotNull(page.ContinuationToken);
        Assert.Equal(page.ContinuationToken, request.HttpContext.Response.Headers["x-ms-continuation-token"].ToString());
    }

    [Theory]
    [InlineData("""{"id": "not a valid id!"}""", "id")]
    [InlineData("""{"source": {"prefix": "x/"}}""", "source.container")]
    [InlineData("""{"parameters": """, "parameters")]
    public async Task A_bad_body_is_400_problem_details_naming_the_field(string body, string field)
    {
        var result = Assert.IsType<BadRequestObjectResult>(await _functions.StartAsync(Http.Request(body), "gen", _host.Client, default));

        var problem = Assert.IsType<ValidationProblemDetails>(result.Value);
        Assert.Equal(400, problem.Status);
        Assert.Contains(field, problem.Errors.Keys);
        Assert.Contains(field, problem.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_kind_and_a_bad_list_filter_are_400_naming_the_parameter()
    {
        var kind = Assert.IsType<ValidationProblemDetails>(Assert.IsType<BadRequestObjectResult>(await _functions.StartAsync(Http.Request(), "nope", _host.Client, default)).Value);
        var filter = Assert.IsType<ValidationProblemDetails>(Assert.IsType<BadRequestObjectResult>(await _functions.ListAsync(Http.Request(query: "?pageSize=0"), _host.Client, default)).Value);

        Assert.Contains("kind", kind.Errors.Keys);
        Assert.Contains("pageSize", filter.Errors.Keys);
    }

    private async Task<RunStatusView> PollUntilFinishedAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var request = Http.Request();
            var result = await _functions.GetAsync(request, id, _host.Client, default);
            if (result is OkObjectResult ok)
            {
                return Assert.IsType<RunStatusView>(ok.Value);
            }

            var accepted = Assert.IsType<AcceptedResult>(result);
            Assert.Equal("2", request.HttpContext.Response.Headers.RetryAfter.ToString());
            Assert.Equal($"https://tributary.example/api/runs/{id}", accepted.Location);
            Assert.True(DateTime.UtcNow < deadline, $"run {id} did not finish in time");
            await Task.Delay(100);
        }
    }

    private static int? Status(IActionResult result) => Assert.IsAssignableFrom<ObjectResult>(result).StatusCode;
}
