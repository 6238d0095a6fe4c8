using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Reconciliation;

namespace Tributary.Http.Reconciliation;

/// <summary>Bulk break moves: one target status for a list of breaks, each answered on its own (core's <see cref="BulkBreakMove"/>).</summary>
public static class BulkBreakRoutes
{
    private const string Tag = "results";

    /// <summary>The bulk move route.</summary>
    public static IEnumerable<ApiRoute> All()
    {
        yield return new ApiRoute("PatchReconBreaks", "PATCH", "recon/{runId}/breaks", PipelineOperation.MoveBreak, PatchAsync,
            $"Move up to {BulkBreakMove.MaxIds} breaks to one status as the authenticated caller; each id answered on its own (moved, conflict, not_found, not_allowed).", Tag)
        { Body = typeof(BulkBreakPatch), Answer = typeof(BulkMoveResult), Problems = [400, 403, 413] };
    }

    private static async Task<IResult> PatchAsync(ApiCall call)
    {
        var (body, refusal) = await ApiBody.ReadAsync(call.Request, call.Cancellation).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        BulkBreakPatch? patch;
        try
        {
            patch = body!.Length == 0 ? null : JsonSerializer.Deserialize<BulkBreakPatch>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            return ApiAnswers.Field("body", $"is not a JSON object like {{\"ids\": [\"...\"], \"status\": \"in_review\"}}: {e.Message.Split(" Path:")[0]}");
        }

        return ApiAnswers.From(await new BulkBreakMove(call.Services.Documents, call.Services.Time)
            .ApplyAsync(call.Route("runId"), patch, call.Caller!, call.Cancellation).ConfigureAwait(false));
    }
}
