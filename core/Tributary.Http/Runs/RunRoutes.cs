using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Outcomes;
using Tributary.Pipeline.Runs;

namespace Tributary.Http.Runs;

/// <summary>Durable's async HTTP pattern over core's <see cref="RunService"/>: start, re-run, status, list, terminate, purge.</summary>
public static class RunRoutes
{
    private const string Tag = "runs";

    /// <summary>The run routes.</summary>
    public static IEnumerable<ApiRoute> All()
    {
        yield return new ApiRoute("StartRun", "POST", "runs/{kind}", PipelineOperation.StartRun, StartAsync,
            "Start a run of a workload (hpi, gen, recon, forecast); 202 with the status, terminate and purge URLs.", Tag)
        { Body = typeof(StartRunBody), Answer = typeof(RunLinks), SuccessStatus = StatusCodes.Status202Accepted, Problems = [400, 409, 413] };
        yield return new ApiRoute("ListRuns", "GET", "runs", PipelineOperation.Read, ListAsync,
            "List runs, filtered by status, kind and creation time in the store, paged with a continuation token.", Tag)
        { Answer = typeof(RunPage), Problems = [400] };
        yield return new ApiRoute("GetRun", "GET", "runs/{id}", PipelineOperation.Read, GetAsync,
            "Status of a run: 202 while it is Pending or Running, 200 once it is Completed, Failed or Terminated.", Tag)
        { Answer = typeof(RunStatusView), Problems = [404] };
        yield return new ApiRoute("GetRunPartitions", "GET", "runs/{id}/partitions", PipelineOperation.Read, PartitionsAsync,
            "The run's partitions on a timeline, from its orchestration history: first scheduled, last ended, attempts, failures; paged by index.", Tag)
        { Answer = typeof(PartitionTimelinePage), Problems = [400, 404] };
        yield return new ApiRoute("TerminateRun", "POST", "runs/{id}/terminate", PipelineOperation.TerminateRun, TerminateAsync,
            "Terminate an unfinished run: no further activity is scheduled.", Tag)
        { Answer = typeof(RunStatusView), SuccessStatus = StatusCodes.Status202Accepted, Problems = [400, 404, 409] };
        yield return new ApiRoute("RerunRun", "POST", "runs/{id}/rerun", PipelineOperation.RerunRun, RerunAsync,
            "Run a finished run again on the same input as {id}.rerun-{n}; 202 like a start. Reconciliation breaks keep their workflow.", Tag)
        { Answer = typeof(RunLinks), SuccessStatus = StatusCodes.Status202Accepted, Problems = [404, 409] };
        yield return new ApiRoute("PurgeRun", "DELETE", "runs/{id}", PipelineOperation.PurgeRun, PurgeAsync,
            "Purge a finished run: its state, history, child instances and results (documents and output blobs).", Tag)
        { Problems = [404, 409] };
    }

    private static async Task<IResult> StartAsync(ApiCall call)
    {
        var kind = call.Route("kind");
        if (!call.Workloads.TryGetValue(kind, out var workload))
        {
            return ApiAnswers.Field("kind", $"'{kind}' is not a workload of this host; known: {string.Join(", ", call.Workloads.Keys.Order())}");
        }

        var (body, refusal) = await ApiBody.ReadAsync(call.Request, call.Cancellation).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!StartRunRequest.TryParse(body!, workload, out var start, out var errors))
        {
            return ApiAnswers.Fields(errors);
        }

        return Started(call, await call.Runs.StartAsync(kind, start, call.Cancellation).ConfigureAwait(false));
    }

    private static async Task<IResult> RerunAsync(ApiCall call) =>
        Started(call, await call.Runs.RerunAsync(call.Route("id"), call.Cancellation).ConfigureAwait(false));

    private static async Task<IResult> ListAsync(ApiCall call)
    {
        var filter = RunListFilter.Parse(
            call.Query("status"), call.Query("kind"), call.Query("createdFrom"), call.Query("createdTo"), call.Query("pageSize"), call.Query("continuationToken"),
            out var errors);
        if (errors.Count > 0)
        {
            return ApiAnswers.Fields(errors);
        }

        return ApiAnswers.Map(await call.Runs.ListAsync(filter, call.Cancellation).ConfigureAwait(false), page =>
        {
            if (page.ContinuationToken is { } next)
            {
                call.Http.Response.Headers["x-ms-continuation-token"] = next;
            }

            return Results.Ok(page);
        });
    }

    private static async Task<IResult> GetAsync(ApiCall call)
    {
        var id = call.Route("id");
        return ApiAnswers.Map(await call.Runs.GetAsync(id, call.Cancellation).ConfigureAwait(false), view =>
        {
            if (view.RuntimeStatus is RuntimeStatus.Completed or RuntimeStatus.Failed or RuntimeStatus.Terminated)
            {
                return Results.Ok(view);
            }

            call.Http.Response.Headers.RetryAfter = "2";
            return Results.Accepted(Links(call, id).StatusQueryGetUri, view);
        });
    }

    private static async Task<IResult> PartitionsAsync(ApiCall call)
    {
        if (!PageSize.TryRead(call, out var pageSize))
        {
            return ApiAnswers.Field("pageSize", $"must be a whole number between 1 and {RunPartitions.MaxPageSize}");
        }

        return ApiAnswers.From(await new RunPartitions(call.Runs).ReadAsync(call.Route("id"), pageSize, call.Query("continuationToken"), call.Cancellation).ConfigureAwait(false));
    }

    private static async Task<IResult> TerminateAsync(ApiCall call) =>
        ApiAnswers.Map(
            await call.Runs.TerminateAsync(call.Route("id"), call.Query("reason"), call.Cancellation).ConfigureAwait(false),
            view => Results.Accepted(value: view));

    private static async Task<IResult> PurgeAsync(ApiCall call) =>
        ApiAnswers.Map(
            await call.Runs.PurgeAsync(call.Route("id"), call.Cancellation).ConfigureAwait(false),
            purged => Results.Ok(new { instancesDeleted = purged.InstancesDeleted, resultsDeleted = purged.ResultsDeleted }));

    // A start and a re-run answer alike: 202 with the status, terminate and purge URLs of the run they started.
    private static IResult Started(ApiCall call, RequestOutcome<RunStarted> outcome) =>
        ApiAnswers.Map(outcome, started =>
        {
            var links = Links(call, started.Id);
            return Results.Accepted(links.StatusQueryGetUri, links);
        });

    private static RunLinks Links(ApiCall call, string id)
    {
        var status = $"{call.Origin}/api/runs/{Uri.EscapeDataString(id)}";
        return new RunLinks(id, status, status + "/terminate", status);
    }
}
