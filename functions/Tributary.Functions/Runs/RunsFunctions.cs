using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Durable.Hosting;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;

namespace Tributary.Functions.Runs;

/// <summary>Durable's async HTTP pattern, same routes and answers as `tributary serve`: start, list, status, terminate, purge.</summary>
public sealed class RunsFunctions(IReadOnlyDictionary<string, IWorkload> workloads)
{

    [Function("StartRun")]
    public async Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs/{kind}")] HttpRequest request,
        string kind,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        if (!workloads.TryGetValue(kind, out var workload))
        {
            return Problems.Field("kind", $"'{kind}' is not a workload of this app; known: {string.Join(", ", workloads.Keys.Order())}");
        }

        // The Functions host accepts far larger bodies than a start needs; the cap is the self-hosted API's.
        if (await StartRunRequest.ReadBodyAsync(request.Body, cancellationToken) is not { } body)
        {
            return Problems.TooLarge(StartRunRequest.MaxBodyBytes);
        }

        if (!StartRunRequest.TryParse(body, workload, out var start, out var errors))
        {
            return Problems.Fields(errors);
        }

        // A client-supplied id makes the start idempotent: an existing instance is returned, not restarted.
        var id = start.InstanceId ?? $"{kind}-{Guid.NewGuid():N}";
        if (await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken) is null)
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                new TaskName(FunctionNames.For(kind)), DurableJson.Serialize(start.Run), new StartOrchestrationOptions(id), cancellationToken);
        }

        var links = Links(request, id);
        return new AcceptedResult(links.StatusQueryGetUri, links);
    }

    [Function("ListRuns")]
    public async Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var query = request.Query;
        var parsed = RunListFilter.Parse(
            query["status"], query["kind"], query["createdFrom"], query["createdTo"], query["pageSize"], query["continuationToken"], out var errors);
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }

        var kind = parsed.Kind;
        var pageSize = parsed.PageSize;
        var filter = new OrchestrationQuery
        {
            CreatedFrom = parsed.CreatedFrom,
            CreatedTo = parsed.CreatedTo,
            Statuses = parsed.Statuses?.Select(s => Enum.Parse<OrchestrationRuntimeStatus>(s.ToString())).ToList(),
            // Run ids start with their kind (`hpi-…`, `drop-hpi-…` for drops); Durable filters by id prefix only.
            InstanceIdPrefix = null,
            PageSize = pageSize,
            FetchInputsAndOutputs = true,
            ContinuationToken = parsed.ContinuationToken,
        };
        await foreach (var page in client.GetAllInstancesAsync(filter).AsPages(filter.ContinuationToken, pageSize).WithCancellation(cancellationToken))
        {
            var items = page.Values.Select(DurableRunStatus.ToView).Where(v => string.IsNullOrEmpty(kind) || v.Kind == kind).ToList();
            if (page.ContinuationToken is { } next)
            {
                request.HttpContext.Response.Headers["x-ms-continuation-token"] = next;
            }

            return new OkObjectResult(new RunPage(items, page.ContinuationToken));
        }

        return new OkObjectResult(new RunPage([], null));
    }

    [Function("GetRun")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs/{id}")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        if (metadata is null)
        {
            return Problems.NotFound($"run {id}");
        }

        var view = DurableRunStatus.ToView(metadata);
        if (view.RuntimeStatus is RuntimeStatus.Completed or RuntimeStatus.Failed or RuntimeStatus.Terminated)
        {
            return new OkObjectResult(view);
        }

        request.HttpContext.Response.Headers.RetryAfter = "2";
        return new AcceptedResult(Links(request, id).StatusQueryGetUri, view);
    }

    [Function("TerminateRun")]
    public async Task<IActionResult> TerminateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs/{id}/terminate")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var before = await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken);
        if (before is null)
        {
            return Problems.NotFound($"run {id}");
        }

        if (before.IsCompleted)
        {
            return Problems.Conflict($"run {id} is already {DurableRunStatus.Status(before.RuntimeStatus)}");
        }

        var reason = request.Query["reason"].ToString();
        if (reason.Length > 500)
        {
            return Problems.Field("reason", "at most 500 characters");
        }

        await client.TerminateInstanceAsync(id, reason.Length > 0 ? reason : "terminated over HTTP", cancellationToken);
        var after = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        return new AcceptedResult((string?)null, DurableRunStatus.ToView(after ?? before));
    }

    [Function("PurgeRun")]
    public async Task<IActionResult> PurgeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "runs/{id}")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken);
        if (metadata is null)
        {
            return Problems.NotFound($"run {id}");
        }

        if (!metadata.IsCompleted)
        {
            return Problems.Conflict($"run {id} is not finished; terminate it first");
        }

        var result = await client.PurgeInstanceAsync(id, cancellationToken);
        return new OkObjectResult(new { instancesDeleted = result.PurgedInstanceCount });
    }

    private static RunLinks Links(HttpRequest request, string id)
    {
        var status = $"{request.Scheme}://{request.Host}/api/runs/{Uri.EscapeDataString(id)}";
        return new RunLinks(id, status, status + "/terminate", status);
    }
}
