using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Results;

namespace Tributary.Http.Generation;

/// <summary>Reads of what a generation run persisted; the query is core's <see cref="ResultQueries"/>.</summary>
public static class GenerationRoutes
{
    /// <summary>The generation routes.</summary>
    public static IEnumerable<ApiRoute> All()
    {
        yield return new ApiRoute("GetGenerationRun", "GET", "gen/{runId}", PipelineOperation.Read, RunAsync,
            "Manifest and quality report of a generation run.", "results")
        { Answer = typeof(ResultPage), Problems = [404] };
    }

    private static async Task<IResult> RunAsync(ApiCall call) =>
        ApiAnswers.From(await new ResultQueries(call.Services.Documents).GenerationRunAsync(call.Route("runId"), call.Cancellation).ConfigureAwait(false));
}
