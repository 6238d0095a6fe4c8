using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tributary.Pipeline.Reads;
using Tributary.Pipeline.Reconciliation;

namespace Tributary.Host.Serve.Reads;

/// <summary>PATCH of a break's status; the workflow transition and ETag-guarded replace are core's <see cref="BreakStatusChange"/>.</summary>
internal static class BreakWorkflowApi
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPatch("/api/recon/{runId}/breaks/{breakId}", PatchAsync)
            .WithTags("results")
            .WithSummary("Move a break along its workflow (open → in_review → resolved | escalated → closed), recording who did it.")
            .Accepts<BreakPatch>("application/json")
            .Produces<ReconBreakDocument>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<IResult> PatchAsync(string runId, string breakId, BreakPatch? patch, PipelineRuntime runtime, CancellationToken cancellationToken) =>
        Problems.From(await new BreakStatusChange(runtime.Services.Documents, runtime.Time).ApplyAsync(runId, breakId, patch, cancellationToken).ConfigureAwait(false));
}
