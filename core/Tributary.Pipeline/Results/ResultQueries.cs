using System.Text.Json;
using System.Text.RegularExpressions;
using Tributary.Hpi.Weighting;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Pipeline.Outcomes;
using Tributary.Pipeline.Reconciliation;

namespace Tributary.Pipeline.Results;

/// <summary>
/// The read APIs over the result documents (containers of infra/cosmos-containers.json): each a single-partition query,
/// with its parameters validated and its page size capped. Shared by `tributary serve` and the Functions app.
/// </summary>
public sealed partial class ResultQueries(IDocumentStore documents)
{
    /// <summary>The largest page a client may ask for (and the page of the unpaged reads).</summary>
    public const int MaxPageSize = 500;

    /// <summary>The page size when the client names none.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>What is wrong with a page size outside 1..<see cref="MaxPageSize"/> (or one that is not a number).</summary>
    public static readonly string PageSizeProblem = $"must be between 1 and {MaxPageSize}";

    private const int MaxFilterLength = 64;

    /// <summary>Index series of one CBSA (one document per dataset and weighting), optionally one weighting or dataset.</summary>
    public async Task<RequestOutcome<ResultPage>> HpiSeriesAsync(string cbsa, string? weighting, string? dataset, CancellationToken cancellationToken)
    {
        if (!CbsaPattern().IsMatch(cbsa))
        {
            return RequestOutcome<ResultPage>.Invalid("cbsa", "a CBSA code is 5 digits (or 'national')");
        }

        var equals = new Dictionary<string, string>();
        if (!string.IsNullOrWhiteSpace(weighting))
        {
            if (!WeightingSchemes.TryParse(weighting, out var scheme))
            {
                return RequestOutcome<ResultPage>.Invalid("weighting", $"'{weighting}' is not one of {string.Join(", ", WeightingSchemes.All.Select(WeightingSchemes.Name))}");
            }

            equals["weighting"] = scheme.Name();
        }

        if (!string.IsNullOrWhiteSpace(dataset))
        {
            equals["dataset"] = dataset;
        }

        var page = await documents.QueryAsync<JsonElement>(ResultContainers.HpiSeries, cbsa, equals, MaxPageSize, null, cancellationToken).ConfigureAwait(false);
        return page.Items.Count == 0
            ? RequestOutcome<ResultPage>.Missing($"index series of CBSA {cbsa}")
            : RequestOutcome<ResultPage>.Found(new ResultPage(page.Items, page.ContinuationToken));
    }

    /// <summary>
    /// The break queue's sorts, applied by the store before paging so the order holds across pages: `impact` (largest
    /// financial impact first) and `age` (oldest first, by age in days). Without one, breaks come in id order.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, DocumentOrder> BreakSorts = new Dictionary<string, DocumentOrder>(StringComparer.Ordinal)
    {
        ["impact"] = new("financialImpact", Descending: true),
        ["age"] = new("ageDays", Descending: true),
    };

    /// <summary>
    /// Breaks of a reconciliation run filtered by severity, type and status, paged with a continuation token. A filter value
    /// must be a known one (<see cref="BreakFilters"/>, any case), else 400 naming the allowed ones. An unknown run is an
    /// empty page, not a 404: a filter may rightly match nothing.
    /// </summary>
    public async Task<RequestOutcome<ResultPage>> BreaksAsync(
        string runId, string? severity, string? type, string? status, int? pageSize, string? continuationToken, CancellationToken cancellationToken, string? sort = null)
    {
        if (RunIds.Problem(runId) is { } malformed)
        {
            return RequestOutcome<ResultPage>.Invalid("runId", malformed);
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            return RequestOutcome<ResultPage>.Invalid("pageSize", PageSizeProblem);
        }

        var equals = new Dictionary<string, string>();
        foreach (var (field, value) in new[] { ("severity", severity), ("type", type), ("status", status) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (value.Length > MaxFilterLength)
            {
                return RequestOutcome<ResultPage>.Invalid(field, $"at most {MaxFilterLength} characters");
            }

            if (BreakFilters.Normalize(field, value, out var problem) is not { } known)
            {
                return RequestOutcome<ResultPage>.Invalid(field, problem);
            }

            equals[field] = known;
        }

        DocumentOrder? order = null;
        if (!string.IsNullOrEmpty(sort) && !BreakSorts.TryGetValue(sort, out order))
        {
            return RequestOutcome<ResultPage>.Invalid("sort", $"'{(sort.Length > MaxFilterLength ? sort[..MaxFilterLength] + "…" : sort)}' is not one of {string.Join(", ", BreakSorts.Keys)}");
        }

        return await PagedDocuments.ReadAsync(documents, ResultContainers.ReconBreaks, runId, equals, pageSize ?? DefaultPageSize, continuationToken, cancellationToken, order)
            .ConfigureAwait(false);
    }

    /// <summary>Manifest and quality report of a generation run.</summary>
    public async Task<RequestOutcome<ResultPage>> GenerationRunAsync(string runId, CancellationToken cancellationToken)
    {
        if (RunIds.Problem(runId) is { } malformed)
        {
            return RequestOutcome<ResultPage>.Invalid("runId", malformed);
        }

        var page = await documents.QueryAsync<JsonElement>(
            ResultContainers.GenRuns, runId, new Dictionary<string, string>(), MaxPageSize, null, cancellationToken).ConfigureAwait(false);
        return page.Items.Count == 0
            ? RequestOutcome<ResultPage>.Missing($"generation run {runId}")
            : RequestOutcome<ResultPage>.Found(new ResultPage(page.Items, page.ContinuationToken));
    }

    [GeneratedRegex("^([0-9]{5}|national)$")]
    private static partial Regex CbsaPattern();
}
