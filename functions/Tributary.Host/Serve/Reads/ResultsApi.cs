using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tributary.Hpi.Weighting;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Serve.Reads;

/// <summary>Read APIs over the result documents the workloads persist (containers of infra/cosmos-containers.json).</summary>
internal static partial class ResultsApi
{
    private const int MaxPageSize = 500;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/hpi/{cbsa}", HpiSeriesAsync)
            .WithTags("results")
            .WithSummary("House price index series of one CBSA (one document per dataset and weighting), optionally one weighting or dataset.")
            .Produces<ResultPage>()
            .ProducesValidationProblem();
        app.MapGet("/api/recon/{runId}/breaks", BreaksAsync)
            .WithTags("results")
            .WithSummary("Breaks of a reconciliation run, filtered by severity, type and status, paged with a continuation token.")
            .Produces<ResultPage>()
            .ProducesValidationProblem();
        app.MapGet("/api/gen/{runId}", GenerationRunAsync)
            .WithTags("results")
            .WithSummary("Manifest and quality report of a generation run.")
            .Produces<ResultPage>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> HpiSeriesAsync(string cbsa, string? weighting, string? dataset, PipelineRuntime runtime, CancellationToken cancellationToken)
    {
        if (!CbsaPattern().IsMatch(cbsa))
        {
            return Problems.Field("cbsa", "a CBSA code is 5 digits (or 'national')");
        }

        var equals = new Dictionary<string, string>();
        if (!string.IsNullOrWhiteSpace(weighting))
        {
            if (!WeightingSchemes.TryParse(weighting, out var scheme))
            {
                return Problems.Field("weighting", $"'{weighting}' is not one of {string.Join(", ", WeightingSchemes.All.Select(WeightingSchemes.Name))}");
            }

            equals["weighting"] = scheme.Name();
        }

        if (!string.IsNullOrWhiteSpace(dataset))
        {
            equals["dataset"] = dataset;
        }

        var page = await runtime.Services.Documents.QueryAsync<JsonElement>(ResultContainers.HpiSeries, cbsa, equals, MaxPageSize, null, cancellationToken).ConfigureAwait(false);
        return page.Items.Count == 0 ? Problems.NotFound($"index series of CBSA {cbsa}") : Results.Ok(new ResultPage(page.Items, page.ContinuationToken));
    }

    private static async Task<IResult> BreaksAsync(
        string runId, string? severity, string? type, string? status, int? pageSize, string? continuationToken, PipelineRuntime runtime, CancellationToken cancellationToken)
    {
        if (pageSize is < 1 or > MaxPageSize)
        {
            return Problems.Field("pageSize", $"must be between 1 and {MaxPageSize}");
        }

        var equals = new Dictionary<string, string>();
        foreach (var (field, value) in new[] { ("severity", severity), ("type", type), ("status", status) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (value.Length > 64)
            {
                return Problems.Field(field, "at most 64 characters");
            }

            equals[field] = value;
        }

        var page = await runtime.Services.Documents.QueryAsync<JsonElement>(
            ResultContainers.ReconBreaks, runId, equals, pageSize ?? 100, continuationToken, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new ResultPage(page.Items, page.ContinuationToken));
    }

    private static async Task<IResult> GenerationRunAsync(string runId, PipelineRuntime runtime, CancellationToken cancellationToken)
    {
        var page = await runtime.Services.Documents.QueryAsync<JsonElement>(
            ResultContainers.GenRuns, runId, new Dictionary<string, string>(), MaxPageSize, null, cancellationToken).ConfigureAwait(false);
        return page.Items.Count == 0 ? Problems.NotFound($"generation run {runId}") : Results.Ok(new ResultPage(page.Items, page.ContinuationToken));
    }

    [System.Text.RegularExpressions.GeneratedRegex("^([0-9]{5}|national)$")]
    private static partial System.Text.RegularExpressions.Regex CbsaPattern();
}

/// <summary>A page of result documents as stored.</summary>
public sealed record ResultPage(IReadOnlyList<JsonElement> Items, string? ContinuationToken);
