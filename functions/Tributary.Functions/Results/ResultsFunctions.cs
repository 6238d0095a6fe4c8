using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Tributary.Functions.Runs;
using Tributary.Pipeline.Ports;
using Tributary.Functions.Access;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Reads;

namespace Tributary.Functions.Results;

/// <summary>
/// Read APIs over the result documents in Cosmos and the PATCH of a break's status: the same routes, validation, paging
/// caps and outcomes as `tributary serve`, because both hosts call core's <see cref="ResultQueries"/> and
/// <see cref="BreakStatusChange"/> and only map the outcome to HTTP.
/// </summary>
public sealed class ResultsFunctions(IDocumentStore documents, TimeProvider time)
{
    private readonly ResultQueries _queries = new(documents);
    private readonly BreakStatusChange _statusChange = new(documents, time);

    [Function("GetHpiSeries")]
    public async Task<IActionResult> HpiSeriesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "hpi/{cbsa}")] HttpRequest request, string cbsa, CancellationToken cancellationToken) =>
        Problems.From(await _queries.HpiSeriesAsync(cbsa, Query(request, "weighting"), Query(request, "dataset"), cancellationToken));

    [Function("GetReconBreaks")]
    public async Task<IActionResult> BreaksAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "recon/{runId}/breaks")] HttpRequest request, string runId, CancellationToken cancellationToken)
    {
        int? pageSize = null;
        if (Query(request, "pageSize") is { } size)
        {
            if (!int.TryParse(size, out var parsed))
            {
                return Problems.Field("pageSize", ResultQueries.PageSizeProblem);
            }

            pageSize = parsed;
        }

        return Problems.From(await _queries.BreaksAsync(
            runId, Query(request, "severity"), Query(request, "type"), Query(request, "status"), pageSize, Query(request, "continuationToken"), cancellationToken));
    }

    [Function("GetGenerationRun")]
    public async Task<IActionResult> GenerationRunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "gen/{runId}")] HttpRequest request, string runId, CancellationToken cancellationToken) =>
        Problems.From(await _queries.GenerationRunAsync(runId, cancellationToken));

    [Function("PatchReconBreak")]
    public async Task<IActionResult> PatchBreakAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "recon/{runId}/breaks/{breakId}")] HttpRequest request, string runId, string breakId,
        CancellationToken cancellationToken)
    {
        BreakPatch? patch;
        try
        {
            patch = await JsonSerializer.DeserializeAsync<BreakPatch>(request.Body, JsonSerializerOptions.Web, cancellationToken);
        }
        catch (JsonException)
        {
            // An empty or malformed body has no status to move to; core names that field.
            patch = null;
        }

        // The gate ran first and put the authenticated caller here; the body's say on who acted is never used.
        var caller = (Caller)request.HttpContext.Items[FunctionGateMiddleware.CallerKey]!;
        return Problems.From(await _statusChange.ApplyAsync(runId, breakId, patch, caller, cancellationToken));
    }

    private static string? Query(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString();
        return value.Length > 0 ? value : null;
    }
}
