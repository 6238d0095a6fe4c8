using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Forecast;
using Tributary.Pipeline.Results;

namespace Tributary.Http.Forecast;

/// <summary>A forecast run's recommendations (core's <see cref="ForecastQueries"/>) and feedback on them (core's <see cref="ForecastFeedback"/>).</summary>
public static class ForecastRoutes
{
    private const string Tag = "results";

    /// <summary>The forecast routes.</summary>
    public static IEnumerable<ApiRoute> All()
    {
        yield return new ApiRoute("GetForecastRecommendations", "GET", "forecast/{runId}/recommendations", PipelineOperation.Read, RecommendationsAsync,
            "Recommendations of a forecast run, filtered by vendor, product and date, paged with a continuation token.", Tag)
        { Answer = typeof(ResultPage), Problems = [400] };
        yield return new ApiRoute("PostForecastFeedback", "POST", "forecast/{runId}/feedback", PipelineOperation.RecordFeedback, FeedbackAsync,
            "Record what vendors brought and sold; answers the variance of each matched recommendation and the run's KPIs.", Tag)
        { Body = typeof(FeedbackBody), Answer = typeof(FeedbackResult), Problems = [400, 404, 413] };
    }

    private static async Task<IResult> RecommendationsAsync(ApiCall call)
    {
        if (!PageSize.TryRead(call, out var pageSize))
        {
            return PageSize.Problem();
        }

        return ApiAnswers.From(await new ForecastQueries(call.Services.Documents).RecommendationsAsync(
            call.Route("runId"), call.Query("vendor"), call.Query("product"), call.Query("date"), pageSize, call.Query("continuationToken"), call.Cancellation)
            .ConfigureAwait(false));
    }

    private static async Task<IResult> FeedbackAsync(ApiCall call)
    {
        var (body, refusal) = await ApiBody.ReadAsync(call.Request, call.Cancellation).ConfigureAwait(false);
        return refusal ?? ApiAnswers.From(await new ForecastFeedback(call.Services.Documents, call.Services.Time)
            .RecordAsync(call.Route("runId"), body!, call.Cancellation).ConfigureAwait(false));
    }
}
