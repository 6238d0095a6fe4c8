using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Tributary.Functions.Api;

/// <summary>
/// One HTTP function per route of core's table, named as the route: the Functions host needs a method and an attribute per
/// route, so each is a one-line delegation. A test checks each function's name, method and route against the table, and
/// that every route of the table has its function.
/// </summary>
public sealed class PipelineHttpFunctions(FunctionsApi api)
{
    [Function("StartRun")]
    public Task<IResult> StartRun([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "runs/{kind}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("StartRun", request, client);

    [Function("ListRuns")]
    public Task<IResult> ListRuns([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "runs")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("ListRuns", request, client);

    [Function("GetRun")]
    public Task<IResult> GetRun([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "runs/{id}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("GetRun", request, client);

    [Function("GetRunPartitions")]
    public Task<IResult> GetRunPartitions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "runs/{id}/partitions")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("GetRunPartitions", request, client);

    [Function("TerminateRun")]
    public Task<IResult> TerminateRun([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "runs/{id}/terminate")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("TerminateRun", request, client);

    [Function("RerunRun")]
    public Task<IResult> RerunRun([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "runs/{id}/rerun")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("RerunRun", request, client);

    [Function("PurgeRun")]
    public Task<IResult> PurgeRun([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "runs/{id}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("PurgeRun", request, client);

    [Function("GetHpiSeries")]
    public Task<IResult> GetHpiSeries([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "hpi/{cbsa}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("GetHpiSeries", request, client);

    [Function("GetGenerationRun")]
    public Task<IResult> GetGenerationRun([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "gen/{runId}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("GetGenerationRun", request, client);

    [Function("GetReconBreaks")]
    public Task<IResult> GetReconBreaks([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "recon/{runId}/breaks")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("GetReconBreaks", request, client);

    [Function("PatchReconBreak")]
    public Task<IResult> PatchReconBreak([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "recon/{runId}/breaks/{breakId}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("PatchReconBreak", request, client);

    [Function("PatchReconBreaks")]
    public Task<IResult> PatchReconBreaks([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "recon/{runId}/breaks")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("PatchReconBreaks", request, client);

    [Function("GetReconSuggestions")]
    public Task<IResult> GetReconSuggestions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "recon/{runId}/suggestions")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("GetReconSuggestions", request, client);

    [Function("AcceptReconSuggestion")]
    public Task<IResult> AcceptReconSuggestion([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "recon/{runId}/suggestions/{suggestionId}/accept")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("AcceptReconSuggestion", request, client);

    [Function("RejectReconSuggestion")]
    public Task<IResult> RejectReconSuggestion([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "recon/{runId}/suggestions/{suggestionId}/reject")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("RejectReconSuggestion", request, client);

    [Function("GetForecastRecommendations")]
    public Task<IResult> GetForecastRecommendations([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "forecast/{runId}/recommendations")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("GetForecastRecommendations", request, client);

    [Function("PostForecastFeedback")]
    public Task<IResult> PostForecastFeedback([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "forecast/{runId}/feedback")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("PostForecastFeedback", request, client);

    [Function("ListDrops")]
    public Task<IResult> ListDrops([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "drops")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("ListDrops", request, client);

    [Function("GetCaller")]
    public Task<IResult> GetCaller([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("GetCaller", request, client);

    [Function("ListRunFiles")]
    public Task<IResult> ListRunFiles([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "runs/{id}/files")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("ListRunFiles", request, client);

    [Function("GetRunFile")]
    public Task<IResult> GetRunFile([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "runs/{id}/files/{*name}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("GetRunFile", request, client);

    [Function("GetReconBreak")]
    public Task<IResult> GetReconBreak([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "recon/{runId}/breaks/{breakId}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("GetReconBreak", request, client);

    [Function("ListQuarantinedDrops")]
    public Task<IResult> ListQuarantinedDrops([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "drops/quarantined")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("ListQuarantinedDrops", request, client);

    [Function("UploadDropFile")]
    public Task<IResult> UploadDropFile([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "drops/{kind}/{*path}")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.HandleAsync("UploadDropFile", request, client);
}
