using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tributary.Host.Serve.Security;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Drops;

namespace Tributary.Host.Serve.Drops;

/// <summary>`GET /api/drops`: incomplete drops per container, from core's <see cref="DropListing"/>.</summary>
internal static class DropsApi
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/drops", ListAsync)
            .WithTags("drops")
            .WithSummary("Per drop container, the folders with data but no manifest and the manifests whose required files are missing, naming what is missing.")
            .Produces<DropsView>()
            .Requires(PipelineOperation.Read);

    private static async Task<IResult> ListAsync(PipelineRuntime runtime, CancellationToken cancellationToken) =>
        Results.Ok(new DropsView(await DropListing.ListAsync(runtime.Workloads.Values, runtime.Services.Blobs, cancellationToken).ConfigureAwait(false)));
}

