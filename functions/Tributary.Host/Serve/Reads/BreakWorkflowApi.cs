using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Workflow;

namespace Tributary.Host.Serve.Reads;

/// <summary>PATCH of a break's status, through the reconciliation engine's workflow and an ETag-guarded replace.</summary>
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

    private static async Task<IResult> PatchAsync(string runId, string breakId, BreakPatch? patch, PipelineRuntime runtime, CancellationToken cancellationToken)
    {
        if (patch is null || !BreakStatusNames.TryParse(patch.Status, out var target))
        {
            return Problems.Field("status", $"must be one of {string.Join(", ", Enum.GetValues<BreakStatus>().Select(s => s.Name()))}");
        }

        if (string.IsNullOrWhiteSpace(patch.Actor) || patch.Actor.Length > 100)
        {
            return Problems.Field("actor", "who makes the change is required (at most 100 characters)");
        }

        var stored = await runtime.Services.Documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, runId, breakId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return Problems.NotFound($"break {breakId} of run {runId}");
        }

        var current = stored.Document;
        BreakStatusNames.TryParse(current.Status, out var status);
        var moved = BreakWorkflow.Transition(new BreakState(current.Id, status, current.History), target, patch.Actor, runtime.Time.GetUtcNow());
        if (!moved.Accepted)
        {
            return Problems.Conflict(moved.Rejection!);
        }

        var updated = current with { Status = moved.State.Status.Name(), History = moved.State.History };
        try
        {
            await runtime.Services.Documents.ReplaceAsync(ResultContainers.ReconBreaks, runId, breakId, updated, stored.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            return Problems.Conflict($"break {breakId} was changed by someone else; read it again and retry");
        }

        return Results.Ok(updated);
    }
}

/// <summary>The body of a break status change.</summary>
public sealed record BreakPatch(string? Status, string? Actor);
