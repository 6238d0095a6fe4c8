using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Results;

namespace Tributary.Http.Hpi;

/// <summary>Reads of the house price index series the HPI runs persisted; the query is core's <see cref="ResultQueries"/>.</summary>
public static class HpiRoutes
{
    /// <summary>The HPI routes.</summary>
    public static IEnumerable<ApiRoute> All()
    {
        yield return new ApiRoute("GetHpiSeries", "GET", "hpi/{cbsa}", PipelineOperation.Read, SeriesAsync,
            "House price index series of one CBSA (one document per dataset and weighting), optionally one weighting or dataset.", "results")
        { Answer = typeof(ResultPage), Problems = [400] };
    }

    private static async Task<IResult> SeriesAsync(ApiCall call) =>
        ApiAnswers.From(await new ResultQueries(call.Services.Documents)
            .HpiSeriesAsync(call.Route("cbsa"), call.Query("weighting"), call.Query("dataset"), call.Cancellation).ConfigureAwait(false));
}
