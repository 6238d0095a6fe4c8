using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Results;

namespace Tributary.Http.Reconciliation;

/// <summary>
/// A reconciliation run's suggested matches: the listing is core's <see cref="SuggestionQueries"/>, accept and reject core's
/// <see cref="SuggestionDecisions"/> (the approver's, recorded with the caller).
/// </summary>
public static class SuggestionRoutes
{
    private const string Tag = "results";

    /// <summary>The suggestion routes.</summary>
    public static IEnumerable<ApiRoute> All()
    {
        yield return new ApiRoute("GetReconSuggestions", "GET", "recon/{runId}/suggestions", PipelineOperation.Read, ListAsync,
            "Suggested matches of a reconciliation run, filtered by minConfidence, kind, status or breakId, paged with a continuation token.", Tag)
        { Answer = typeof(ResultPage), Problems = [400, 404] };
        yield return new ApiRoute("AcceptReconSuggestion", "POST", "recon/{runId}/suggestions/{suggestionId}/accept", PipelineOperation.DecideSuggestion,
            call => DecideAsync(call, accept: true),
            "Accept a suggestion as the authenticated approver: its breaks are closed as matched by it, each in its history.", Tag)
        { Body = typeof(SuggestionDecisionBody), Answer = typeof(SuggestionDecisionResult), Problems = [400, 404, 409, 413] };
        yield return new ApiRoute("RejectReconSuggestion", "POST", "recon/{runId}/suggestions/{suggestionId}/reject", PipelineOperation.DecideSuggestion,
            call => DecideAsync(call, accept: false),
            "Reject a suggestion with a comment as the authenticated approver; a re-run of the same input does not suggest it again.", Tag)
        { Body = typeof(SuggestionDecisionBody), Answer = typeof(SuggestionDecisionResult), Problems = [400, 404, 409, 413] };
    }

    private static async Task<IResult> ListAsync(ApiCall call)
    {
        if (!PageSize.TryRead(call, out var pageSize))
        {
            return PageSize.Problem();
        }

        return ApiAnswers.From(await new SuggestionQueries(call.Services.Documents).ListAsync(
            call.Route("runId"), call.Query("minConfidence") ?? call.Query("confidence"), call.Query("kind"), call.Query("status"), call.Query("breakId"),
            pageSize, call.Query("continuationToken"), call.Cancellation).ConfigureAwait(false));
    }

    private static async Task<IResult> DecideAsync(ApiCall call, bool accept)
    {
        var (body, refusal) = await ApiBody.ReadAsync(call.Request, call.Cancellation).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        SuggestionDecisionBody? decision;
        try
        {
            decision = body!.Length == 0 ? null : JsonSerializer.Deserialize<SuggestionDecisionBody>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            return ApiAnswers.Field("body", $"is not a JSON object like {{\"comment\": \"...\"}}: {e.Message.Split(" Path:")[0]}");
        }

        var decisions = new SuggestionDecisions(call.Services.Documents, call.Services.Time);
        var outcome = accept
            ? await decisions.AcceptAsync(call.Route("runId"), call.Route("suggestionId"), decision, call.Caller!, call.Cancellation).ConfigureAwait(false)
            : await decisions.RejectAsync(call.Route("runId"), call.Route("suggestionId"), decision, call.Caller!, call.Cancellation).ConfigureAwait(false);
        return ApiAnswers.From(outcome);
    }
}
