using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Drops;

namespace Tributary.Http.Drops;

/// <summary>`GET /api/drops`: incomplete drops per container, from core's <see cref="DropListing"/>.</summary>
public static class DropRoutes
{
    /// <summary>The drop routes.</summary>
    public static IEnumerable<ApiRoute> All()
    {
        yield return new ApiRoute("ListDrops", "GET", "drops", PipelineOperation.Read, ListAsync,
            "Per drop container, the folders with data but no manifest and the manifests whose required files are missing, naming what is missing.", "drops")
        { Answer = typeof(DropsView) };
    }

    private static async Task<IResult> ListAsync(ApiCall call) =>
        Results.Ok(new DropsView(await DropListing.ListAsync(call.Workloads.Values, call.Services.Blobs, call.Cancellation).ConfigureAwait(false)));
}
