using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Results;
using Tributary.Pipeline.Reconciliation;

namespace Tributary.Http.Reconciliation;

/// <summary>A reconciliation run's breaks and their workflow; the query is core's <see cref="ResultQueries"/>, the move core's <see cref="BreakStatusChange"/>.</summary>
public static class BreakRoutes
{
    private const string Tag = "results";

    /// <summary>The break routes.</summary>
    public static IEnumerable<ApiRoute> All()
    {
        yield return new ApiRoute("GetReconBreaks", "GET", "recon/{runId}/breaks", PipelineOperation.Read, BreaksAsync,
            "Breaks of a reconciliation run, filtered by severity, type and status, sorted by impact or age (sort=impact|age, before paging), paged with a continuation token.", Tag)
        { Answer = typeof(ResultPage), Problems = [400] };
        yield return new ApiRoute("GetReconBreak", "GET", "recon/{runId}/breaks/{breakId}", PipelineOperation.Read, BreakAsync,
            "One break of a reconciliation run, with its history.", Tag)
        { Answer = typeof(ReconBreakDocument), Problems = [404] };
        yield return new ApiRoute("PatchReconBreak", "PATCH", "recon/{runId}/breaks/{breakId}", PipelineOperation.MoveBreak, PatchAsync,
            "Move a break along its workflow (open → in_review → resolved | escalated → closed) as the authenticated caller; closing needs the approver role.", Tag)
        { Body = typeof(BreakPatch), Answer = typeof(ReconBreakDocument), Problems = [400, 403, 404, 409, 413] };
    }

    private static async Task<IResult> BreaksAsync(ApiCall call)
    {
        if (!PageSize.TryRead(call, out var pageSize))
        {
            return PageSize.Problem();
        }

        return ApiAnswers.From(await new ResultQueries(call.Services.Documents).BreaksAsync(
            call.Route("runId"), call.Query("severity"), call.Query("type"), call.Query("status"), pageSize, call.Query("continuationToken"), call.Cancellation, call.Query("sort"))
            .ConfigureAwait(false));
    }

    private static async Task<IResult> BreakAsync(ApiCall call) =>
        ApiAnswers.From(await new BreakLookup(call.Services.Documents).ReadAsync(call.Route("runId"), call.Route("breakId"), call.Cancellation).ConfigureAwait(false));

    private static async Task<IResult> PatchAsync(ApiCall call)
    {
        var (body, refusal) = await ApiBody.ReadAsync(call.Request, call.Cancellation).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        BreakPatch? patch;
        try
        {
            patch = body!.Length == 0 ? null : JsonSerializer.Deserialize<BreakPatch>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            // An empty or malformed body has no status to move to; core names that field.
            patch = null;
        }

        // Who acted is the authenticated caller, never the body (the route is not anonymous, so there is one).
        return ApiAnswers.From(await new BreakStatusChange(call.Services.Documents, call.Services.Time)
            .ApplyAsync(call.Route("runId"), call.Route("breakId"), patch, call.Caller!, call.Cancellation).ConfigureAwait(false));
    }
}
