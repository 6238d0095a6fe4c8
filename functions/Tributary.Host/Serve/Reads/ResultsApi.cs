using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tributary.Host.Serve.Security;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Reads;

namespace Tributary.Host.Serve.Reads;

/// <summary>Read APIs over the result documents the workloads persist; the queries are core's <see cref="ResultQueries"/>.</summary>
internal static class ResultsApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/hpi/{cbsa}", HpiSeriesAsync)
            .WithTags("results")
            .WithSummary("House price index series of one CBSA (one document per dataset and weighting), optionally one weighting or dataset.")
            .Produces<ResultPage>()
            .ProducesValidationProblem()
            .Requires(PipelineOperation.Read);
        app.MapGet("/api/recon/{runId}/breaks", BreaksAsync)
            .WithTags("results")
            .WithSummary("Breaks of a reconciliation run, filtered by severity, type and status, paged with a continuation token.")
            .Produces<ResultPage>()
            .ProducesValidationProblem()
            .Requires(PipelineOperation.Read);
        app.MapGet("/api/gen/{runId}", GenerationRunAsync)
            .WithTags("results")
            .WithSummary("Manifest and quality report of a generation run.")
            .Produces<ResultPage>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Requires(PipelineOperation.Read);
    }

    private static async Task<IResult> HpiSeriesAsync(string cbsa, string? weighting, string? dataset, PipelineRuntime runtime, CancellationToken cancellationToken) =>
        Problems.From(await new ResultQueries(runtime.Services.Documents).HpiSeriesAsync(cbsa, weighting, dataset, cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> BreaksAsync(
        string runId, string? severity, string? type, string? status, int? pageSize, string? continuationToken, PipelineRuntime runtime, CancellationToken cancellationToken) =>
        Problems.From(await new ResultQueries(runtime.Services.Documents)
            .BreaksAsync(runId, severity, type, status, pageSize, continuationToken, cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> GenerationRunAsync(string runId, PipelineRuntime runtime, CancellationToken cancellationToken) =>
        Problems.From(await new ResultQueries(runtime.Services.Documents).GenerationRunAsync(runId, cancellationToken).ConfigureAwait(false));
}
