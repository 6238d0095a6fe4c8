using Tributary.Pipeline.Drops;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Tributary.Pipeline.Runs;

namespace Tributary.Functions.Runs;

/// <summary>
/// Durable's async HTTP pattern over core's <see cref="RunService"/>: start, list, status, terminate, purge. Same routes,
/// status codes, bodies and headers as `tributary serve` (functions/Tributary.Host/Serve/Runs/RunsApi.cs); only the
/// mapping to <see cref="IActionResult"/> is here.
/// </summary>
public sealed class RunsFunctions(RunServices runs)
{
    [Function("StartRun")]
    public async Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "runs/{kind}")] HttpRequest request, string kind,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (!runs.Workloads.TryGetValue(kind, out var workload))
        {
            return Problems.Field("kind", $"'{kind}' is not a workload of this host; known: {string.Join(", ", runs.Workloads.Keys.Order())}");
        }

        // The Functions host has no per-route body cap of its own, so core's reader enforces the same 1 MiB as serve.
        if (await StartRunRequest.ReadBodyAsync(request.Body, cancellationToken) is not { } body)
        {
            return Problems.TooLarge(StartRunRequest.MaxBodyBytes);
        }

        if (!StartRunRequest.TryParse(body, workload, out var start, out var errors))
        {
            return Problems.Fields(errors);
        }

        return (await runs.For(client).StartAsync(kind, start, cancellationToken)).Match<IActionResult>(
            started =>
            {
                var links = Links(request, started.Id);
                return new AcceptedResult(links.StatusQueryGetUri, links);
            },
            Problems.NotFound, Problems.Field, Problems.Conflict);
    }

    [Function("ListRuns")]
    public async Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "runs")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var filter = RunListFilter.Parse(
            Query(request, "status"), Query(request, "kind"), Query(request, "createdFrom"), Query(request, "createdTo"), Query(request, "pageSize"),
            Query(request, "continuationToken"), out var errors);
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }

        return (await runs.For(client).ListAsync(filter, cancellationToken)).Match<IActionResult>(
            page =>
            {
                if (page.ContinuationToken is { } next)
                {
                    request.HttpContext.Response.Headers["x-ms-continuation-token"] = next;
                }

                return new OkObjectResult(page);
            },
            Problems.NotFound, Problems.Field, Problems.Conflict);
    }

    [Function("GetRun")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "runs/{id}")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        (await runs.For(client).GetAsync(id, cancellationToken)).Match<IActionResult>(
            view =>
            {
                if (view.RuntimeStatus is RuntimeStatus.Completed or RuntimeStatus.Failed or RuntimeStatus.Terminated)
                {
                    return new OkObjectResult(view);
                }

                request.HttpContext.Response.Headers.RetryAfter = "2";
                return new AcceptedResult(Links(request, id).StatusQueryGetUri, view);
            },
            Problems.NotFound, Problems.Field, Problems.Conflict);

    [Function("TerminateRun")]
    public async Task<IActionResult> TerminateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "runs/{id}/terminate")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        (await runs.For(client).TerminateAsync(id, Query(request, "reason"), cancellationToken))
            .Match<IActionResult>(view => new AcceptedResult((string?)null, view), Problems.NotFound, Problems.Field, Problems.Conflict);

    [Function("PurgeRun")]
    public async Task<IActionResult> PurgeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "runs/{id}")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        (await runs.For(client).PurgeAsync(id, cancellationToken)).Match<IActionResult>(
            purged => new OkObjectResult(new { instancesDeleted = purged.InstancesDeleted, resultsDeleted = purged.ResultsDeleted }),
            Problems.NotFound, Problems.Field, Problems.Conflict);

    [Function("RerunRun")]
    public async Task<IActionResult> RerunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "runs/{id}/rerun")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        (await runs.For(client).RerunAsync(id, cancellationToken)).Match<IActionResult>(
            started =>
            {
                var links = Links(request, started.Id);
                return new AcceptedResult(links.StatusQueryGetUri, links);
            },
            Problems.NotFound, Problems.Field, Problems.Conflict);

    [Function("ListDrops")]
    public async Task<IActionResult> ListDropsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "drops")] HttpRequest request, CancellationToken cancellationToken) =>
        new OkObjectResult(new DropsView(await DropListing.ListAsync(runs.Workloads.Values, runs.Services.Blobs, cancellationToken)));

    private static RunLinks Links(HttpRequest request, string id)
    {
        var status = $"{request.Scheme}://{request.Host}/api/runs/{Uri.EscapeDataString(id)}";
        return new RunLinks(id, status, status + "/terminate", status);
    }

    private static string? Query(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString();
        return value.Length > 0 ? value : null;
    }
}
