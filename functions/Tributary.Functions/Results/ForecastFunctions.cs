using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Tributary.Functions.Runs;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Reads;
using Tributary.Pipeline.Runs;

namespace Tributary.Functions.Results;

/// <summary>
/// The forecast routes, as `tributary serve` answers them: core's <see cref="ForecastQueries"/> and <see cref="ForecastFeedback"/>
/// do the validation and the work, this only binds HTTP.
/// </summary>
public sealed class ForecastFunctions(IDocumentStore documents, TimeProvider time)
{
    private readonly ForecastQueries _queries = new(documents);
    private readonly ForecastFeedback _feedback = new(documents, time);

    [Function("GetForecastRecommendations")]
    public async Task<IActionResult> RecommendationsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "forecast/{runId}/recommendations")] HttpRequest request, string runId, CancellationToken cancellationToken)
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

        return Problems.From(await _queries.RecommendationsAsync(
            runId, Query(request, "vendor"), Query(request, "product"), Query(request, "date"), pageSize, Query(request, "continuationToken"), cancellationToken));
    }

    [Function("PostForecastFeedback")]
    public async Task<IActionResult> FeedbackAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "forecast/{runId}/feedback")] HttpRequest request, string runId, CancellationToken cancellationToken)
    {
        // The same cap as a start body: the Functions host has no Kestrel limit of ours in front of it.
        var body = await StartRunRequest.ReadBodyAsync(request.Body, cancellationToken);
        return body is null ? Problems.TooLarge(StartRunRequest.MaxBodyBytes) : Problems.From(await _feedback.RecordAsync(runId, body, cancellationToken));
    }

    private static string? Query(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString();
        return value.Length > 0 ? value : null;
    }
}
