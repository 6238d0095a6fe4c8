using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tributary.Host.Serve.Security;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Runs;

namespace Tributary.Host.Serve.Runs;

/// <summary>Durable's async HTTP pattern over the shared run service: start, re-run, status, list, terminate, purge.</summary>
internal static class RunsApi
{

    public static void Map(IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/runs").WithTags("runs");
        runs.MapPost("/{kind}", StartAsync)
            .WithSummary("Start a run of a workload (hpi, gen, recon, forecast); 202 with the status, terminate and purge URLs.")
            .Accepts<StartRunBody>("application/json")
            .Produces<RunLinks>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .Requires(PipelineOperation.StartRun);
        runs.MapGet("/", ListAsync)
            .WithSummary("List runs by kind and id, filtered by status, kind and creation time in the store, paged with a continuation token.")
            .Produces<RunPage>()
            .ProducesValidationProblem()
            .Requires(PipelineOperation.Read);
        runs.MapGet("/{id}", GetAsync)
            .WithSummary("Status of a run: 202 while it is Pending or Running, 200 once it is Completed, Failed or Terminated.")
            .Produces<RunStatusView>()
            .Produces<RunStatusView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Requires(PipelineOperation.Read);
        runs.MapPost("/{id}/terminate", TerminateAsync)
            .WithSummary("Terminate an unfinished run: no further activity is scheduled.")
            .Produces<RunStatusView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Requires(PipelineOperation.TerminateRun);
        runs.MapPost("/{id}/rerun", RerunAsync)
            .WithSummary("Run a finished run again on the same input as {id}.rerun-{n}; 202 like a start. Reconciliation breaks keep their workflow.")
            .Produces<RunLinks>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Requires(PipelineOperation.RerunRun);
        runs.MapDelete("/{id}", PurgeAsync)
            .WithSummary("Purge a finished run: its state, history, child instances and results (documents and output blobs).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Requires(PipelineOperation.PurgeRun);
    }

    private static async Task<IResult> StartAsync(string kind, HttpRequest request, PipelineRuntime runtime, CancellationToken cancellationToken)
    {
        if (!runtime.Workloads.TryGetValue(kind, out var workload))
        {
            return Problems.Field("kind", $"'{kind}' is not a workload of this host; known: {string.Join(", ", runtime.Workloads.Keys.Order())}");
        }

        var (body, refusal) = await RequestBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!StartRunRequest.TryParse(body, workload, out var start, out var errors))
        {
            return Problems.Fields(errors);
        }

        return Started(request, await runtime.Runs.StartAsync(kind, start, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> RerunAsync(string id, HttpRequest request, PipelineRuntime runtime, CancellationToken cancellationToken) =>
        Started(request, await runtime.Runs.RerunAsync(id, cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> ListAsync(
        HttpRequest request, PipelineRuntime runtime, string? status, string? kind, string? createdFrom, string? createdTo, string? pageSize, string? continuationToken,
        CancellationToken cancellationToken)
    {
        var filter = RunListFilter.Parse(status, kind, createdFrom, createdTo, pageSize, continuationToken, out var errors);
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }

        var outcome = await runtime.Runs.ListAsync(filter, cancellationToken).ConfigureAwait(false);
        return outcome.Match(
            page =>
            {
                if (page.ContinuationToken is { } next)
                {
                    request.HttpContext.Response.Headers["x-ms-continuation-token"] = next;
                }

                return Results.Ok(page);
            },
            Problems.NotFound,
            Problems.Field,
            Problems.Conflict);
    }

    private static async Task<IResult> GetAsync(string id, HttpRequest request, PipelineRuntime runtime, CancellationToken cancellationToken)
    {
        var outcome = await runtime.Runs.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return outcome.Match(
            view =>
            {
                if (view.RuntimeStatus is RuntimeStatus.Completed or RuntimeStatus.Failed or RuntimeStatus.Terminated)
                {
                    return Results.Ok(view);
                }

                request.HttpContext.Response.Headers.RetryAfter = "2";
                return Results.Accepted(Links(request, id).StatusQueryGetUri, view);
            },
            Problems.NotFound,
            Problems.Field,
            Problems.Conflict);
    }

    private static async Task<IResult> TerminateAsync(string id, string? reason, PipelineRuntime runtime, CancellationToken cancellationToken) =>
        (await runtime.Runs.TerminateAsync(id, reason, cancellationToken).ConfigureAwait(false))
            .Match(view => Results.Accepted(value: view), Problems.NotFound, Problems.Field, Problems.Conflict);

    private static async Task<IResult> PurgeAsync(string id, PipelineRuntime runtime, CancellationToken cancellationToken) =>
        (await runtime.Runs.PurgeAsync(id, cancellationToken).ConfigureAwait(false))
            .Match(purged => Results.Ok(new { instancesDeleted = purged.InstancesDeleted, resultsDeleted = purged.ResultsDeleted }), Problems.NotFound, Problems.Field, Problems.Conflict);

    // A start and a re-run answer alike: 202 with the status, terminate and purge URLs of the run they started.
    private static IResult Started(HttpRequest request, Pipeline.Reads.ReadOutcome<RunStarted> outcome) =>
        outcome.Match(
            started =>
            {
                var links = Links(request, started.Id);
                return Results.Accepted(links.StatusQueryGetUri, links);
            },
            Problems.NotFound,
            Problems.Field,
            Problems.Conflict);

    private static RunLinks Links(HttpRequest request, string id)
    {
        var status = $"{request.Scheme}://{request.Host}/api/runs/{Uri.EscapeDataString(id)}";
        return new RunLinks(id, status, status + "/terminate", status);
    }
}
