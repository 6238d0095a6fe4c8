using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tributary.Host.Serve.Security;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Reads;
using Tributary.Pipeline.Reconciliation;

namespace Tributary.Host.Serve.Reads;

/// <summary>PATCH of a break's status; the workflow transition, the role check and the ETag-guarded replace are core's <see cref="BreakStatusChange"/>.</summary>
internal static class BreakWorkflowApi
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPatch("/api/recon/{runId}/breaks/{breakId}", PatchAsync)
            .WithTags("results")
            .WithSummary("Move a break along its workflow (open → in_review → resolved | escalated → closed) as the authenticated caller; closing needs the approver role.")
            .Accepts<BreakPatch>("application/json")
            .Produces<ReconBreakDocument>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Requires(PipelineOperation.MoveBreak);

    private static async Task<IResult> PatchAsync(
        string runId, string breakId, BreakPatch? patch, HttpContext context, CallerReader callers, PipelineRuntime runtime, CancellationToken cancellationToken) =>
        Problems.From(await new BreakStatusChange(runtime.Services.Documents, runtime.Time)
            .ApplyAsync(runId, breakId, patch, callers.Of(context), cancellationToken).ConfigureAwait(false));
}
