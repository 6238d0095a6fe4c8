using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Runs;

namespace Tributary.Host.Serve.Runs;

/// <summary>Durable's async HTTP pattern over the embedded engine: start, status, list, terminate, purge.</summary>
internal static class RunsApi
{

    public static void Map(IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/runs").WithTags("runs");
        runs.MapPost("/{kind}", StartAsync)
            .WithSummary("Start a run of a workload (hpi, gen, recon); 202 with the status, terminate and purge URLs.")
            .Accepts<StartRunBody>("application/json")
            .Produces<RunLinks>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem();
        runs.MapGet("/", ListAsync)
            .WithSummary("List runs, newest first, filtered by status, kind and creation time, paged with a continuation token.")
            .Produces<RunPage>()
            .ProducesValidationProblem();
        runs.MapGet("/{id}", GetAsync)
            .WithSummary("Status of a run: 202 while it is Pending or Running, 200 once it is Completed, Failed or Terminated.")
            .Produces<RunStatusView>()
            .Produces<RunStatusView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound);
        runs.MapPost("/{id}/terminate", TerminateAsync)
            .WithSummary("Terminate an unfinished run: no further activity is scheduled.")
            .Produces<RunStatusView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        runs.MapDelete("/{id}", PurgeAsync)
            .WithSummary("Purge a finished run: its state, history and child instances.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> StartAsync(string kind, HttpRequest request, PipelineRuntime runtime, CancellationToken cancellationToken)
    {
        if (!runtime.Workloads.TryGetValue(kind, out var workload))
        {
            return Problems.Field("kind", $"'{kind}' is not a workload of this host; known: {string.Join(", ", runtime.Workloads.Keys.Order())}");
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's body size cap (HostSettings.MaxRequestBodyBytes) surfaces here as 413.
            return Results.Problem(statusCode: e.StatusCode, title: e.Message);
        }

        if (!StartRunRequest.TryParse(body, workload, out var start, out var errors))
        {
            return Problems.Fields(errors);
        }

        var started = await runtime.Engine.StartAsync(kind, start.Run, start.InstanceId, cancellationToken).ConfigureAwait(false);
        var links = Links(request, started.State.Id);
        return Results.Accepted(links.StatusQueryGetUri, links);
    }

    private static async Task<IResult> ListAsync(
        HttpRequest request, PipelineRuntime runtime, string? status, string? kind, string? createdFrom, string? createdTo, string? pageSize, string? continuationToken,
        CancellationToken cancellationToken)
    {
        var filter = RunListFilter.Parse(status, kind, createdFrom, createdTo, pageSize, continuationToken, out var errors);
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }

        var page = await runtime.Engine.ListAsync(filter.ToInstanceQuery(), cancellationToken).ConfigureAwait(false);
        if (page.ContinuationToken is { } next)
        {
            request.HttpContext.Response.Headers["x-ms-continuation-token"] = next;
        }

        return Results.Ok(new RunPage(page.Instances.Select(RunStatusView.From).ToList(), page.ContinuationToken));
    }

    private static async Task<IResult> GetAsync(string id, HttpRequest request, PipelineRuntime runtime, CancellationToken cancellationToken)
    {
        var state = await runtime.Engine.GetStatusAsync(id, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return Problems.NotFound($"run {id}");
        }

        var view = RunStatusView.From(state);
        if (state.IsTerminal)
        {
            return Results.Ok(view);
        }

        request.HttpContext.Response.Headers.RetryAfter = "2";
        return Results.Accepted(Links(request, id).StatusQueryGetUri, view);
    }

    private static async Task<IResult> TerminateAsync(string id, string? reason, PipelineRuntime runtime, CancellationToken cancellationToken)
    {
        var before = await runtime.Engine.GetStatusAsync(id, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return Problems.NotFound($"run {id}");
        }

        if (before.IsTerminal)
        {
            return Problems.Conflict($"run {id} is already {before.Status}");
        }

        if (reason is { Length: > 500 })
        {
            return Problems.Field("reason", "at most 500 characters");
        }

        var state = await runtime.Engine.TerminateAsync(id, reason ?? "terminated over HTTP", cancellationToken).ConfigureAwait(false);
        return Results.Accepted(value: RunStatusView.From(state!));
    }

    private static async Task<IResult> PurgeAsync(string id, PipelineRuntime runtime, CancellationToken cancellationToken) =>
        await runtime.Engine.PurgeAsync(id, cancellationToken).ConfigureAwait(false) switch
        {
            PurgeOutcome.Purged => Results.Ok(new { instancesDeleted = 1 }),
            PurgeOutcome.NotFound => Problems.NotFound($"run {id}"),
            _ => Problems.Conflict($"run {id} is not finished; terminate it first"),
        };

    private static RunLinks Links(HttpRequest request, string id)
    {
        var status = $"{request.Scheme}://{request.Host}/api/runs/{Uri.EscapeDataString(id)}";
        return new RunLinks(id, status, status + "/terminate", status);
    }
}
