using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Tributary.Functions.Runs;
using Tributary.Pipeline.Ports;

namespace Tributary.Functions.Results;

/// <summary>
/// Read APIs over the result documents in Cosmos (core's IDocumentStore): each is a single-partition query, as the
/// partition keys in infra/cosmos-containers.json were chosen for. Same routes as `tributary serve`.
/// Not bound yet: the PATCH of a break's status, which the self-hosted API serves (Serve/Reads/BreakWorkflowApi.cs); its
/// logic must move to core first so both hosts share it.
/// </summary>
public sealed class ResultsFunctions(IDocumentStore documents)
{
    private const int MaxPageSize = 1000;

    [Function("GetHpiSeries")]
    public Task<IActionResult> HpiSeriesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "hpi/{cbsa}")] HttpRequest request, string cbsa, CancellationToken cancellationToken) =>
        PageAsync(request, "hpi-series", cbsa, ["weighting"], cancellationToken);

    [Function("GetReconBreaks")]
    public Task<IActionResult> BreaksAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "recon/{runId}/breaks")] HttpRequest request, string runId, CancellationToken cancellationToken) =>
        PageAsync(request, "recon-breaks", runId, ["severity", "type", "status"], cancellationToken);

    [Function("GetGenerationRun")]
    public Task<IActionResult> GenerationRunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "gen/{runId}")] HttpRequest request, string runId, CancellationToken cancellationToken) =>
        PageAsync(request, "gen-runs", runId, [], cancellationToken);

    private async Task<IActionResult> PageAsync(HttpRequest request, string container, string partitionKey, string[] filters, CancellationToken cancellationToken)
    {
        var pageSize = 100;
        if (request.Query.TryGetValue("pageSize", out var size) && (!int.TryParse(size, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return Problems.Field("pageSize", $"must be between 1 and {MaxPageSize}");
        }

        var equals = filters
            .Where(f => !string.IsNullOrWhiteSpace(request.Query[f]))
            .ToDictionary(f => f, f => request.Query[f].ToString());
        var token = request.Query["continuationToken"].ToString();
        var page = await documents.QueryAsync<JsonElement>(container, partitionKey, equals, pageSize, token.Length > 0 ? token : null, cancellationToken);
        if (page.Items.Count == 0 && token.Length == 0)
        {
            return Problems.NotFound($"{container} {partitionKey}");
        }

        return new OkObjectResult(new { items = page.Items, continuationToken = page.ContinuationToken });
    }
}
