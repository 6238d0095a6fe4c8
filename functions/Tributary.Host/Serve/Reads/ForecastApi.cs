using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tributary.Host.Serve.Security;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Reads;

namespace Tributary.Host.Serve.Reads;

/// <summary>The forecast routes: recommendations of a run (core's <see cref="ForecastQueries"/>) and feedback on them (core's <see cref="ForecastFeedback"/>).</summary>
internal static class ForecastApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/forecast/{runId}/recommendations", RecommendationsAsync)
            .WithTags("results")
            .WithSummary("Recommendations of a forecast run, filtered by vendor, product and date, paged with a continuation token.")
            .Produces<ResultPage>()
            .ProducesValidationProblem()
            .Requires(PipelineOperation.Read);
        app.MapPost("/api/forecast/{runId}/feedback", FeedbackAsync)
            .WithTags("results")
            .WithSummary("Record what vendors brought and sold; answers the variance of each matched recommendation and the run's KPIs.")
            .Accepts<FeedbackBody>("application/json")
            .Produces<FeedbackResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .Requires(PipelineOperation.RecordFeedback);
    }

    private static async Task<IResult> RecommendationsAsync(
        string runId, string? vendor, string? product, string? date, int? pageSize, string? continuationToken, PipelineRuntime runtime, CancellationToken cancellationToken) =>
        Problems.From(await new ForecastQueries(runtime.Services.Documents)
            .RecommendationsAsync(runId, vendor, product, date, pageSize, continuationToken, cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> FeedbackAsync(string runId, HttpRequest request, PipelineRuntime runtime, CancellationToken cancellationToken)
    {
        var (body, refusal) = await RequestBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        return Problems.From(await new ForecastFeedback(runtime.Services.Documents, runtime.Time).RecordAsync(runId, body!, cancellationToken).ConfigureAwait(false));
    }
}
