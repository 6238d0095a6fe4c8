using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Drops;

namespace Tributary.Http.Drops;

/// <summary>What is waiting in the drop containers (core's <see cref="DropListing"/>) and what was quarantined (<see cref="QuarantineReports"/>).</summary>
public static class DropRoutes
{
    /// <summary>The drop routes.</summary>
    public static IEnumerable<ApiRoute> All()
    {
        yield return new ApiRoute("ListDrops", "GET", "drops", PipelineOperation.Read, ListAsync,
            "Per drop container, the folders with data but no manifest and the manifests whose required files are missing, naming what is missing.", "drops")
        { Answer = typeof(DropsView) };
        yield return new ApiRoute("ListQuarantinedDrops", "GET", "drops/quarantined", PipelineOperation.Read, QuarantinedAsync,
            "The newest quarantine reports with their text and the run that rejected each drop.", "drops")
        { Answer = typeof(QuarantineView) };
    }

    private static async Task<IResult> ListAsync(ApiCall call) =>
        Results.Ok(new DropsView(await DropListing.ListAsync(call.Workloads.Values, call.Services.Blobs, call.Cancellation).ConfigureAwait(false)));

    private static async Task<IResult> QuarantinedAsync(ApiCall call) =>
        Results.Ok(await QuarantineReports.ListAsync(call.Services.Blobs, call.Cancellation).ConfigureAwait(false));
}
