using System.Globalization;
using System.Text.Json;
using Tributary.Pipeline.Forecast;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Pipeline.Outcomes;
using Tributary.Pipeline.Results;

namespace Tributary.Pipeline.Forecast;

/// <summary>The recommendations read of a forecast run: one partition (the run), filtered by vendor, product and date, paged.</summary>
public sealed class ForecastQueries(IDocumentStore documents)
{
    private const int MaxFilterLength = 100;

    /// <summary>
    /// Recommendations of a run, paged with a continuation token, page size as every result read (1-500, default 100). An
    /// unknown run is an empty page, not a 404: a filter may rightly match nothing.
    /// </summary>
    public async Task<RequestOutcome<ResultPage>> RecommendationsAsync(
        string runId, string? vendor, string? product, string? date, int? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        if (RunIds.Problem(runId) is { } malformed)
        {
            return RequestOutcome<ResultPage>.Invalid("runId", malformed);
        }

        if (pageSize is < 1 or > ResultQueries.MaxPageSize)
        {
            return RequestOutcome<ResultPage>.Invalid("pageSize", ResultQueries.PageSizeProblem);
        }

        var equals = new Dictionary<string, string> { ["docType"] = ForecastDocuments.Recommendation };
        foreach (var (field, value) in new[] { ("vendor", vendor), ("product", product) })
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (value.Length > MaxFilterLength)
            {
                return RequestOutcome<ResultPage>.Invalid(field, $"at most {MaxFilterLength} characters");
            }

            equals[field] = value;
        }

        if (!string.IsNullOrEmpty(date))
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return RequestOutcome<ResultPage>.Invalid("date", $"'{date}' is not a date yyyy-MM-dd");
            }

            equals["date"] = date;
        }

        return await PagedDocuments.ReadAsync(
            documents, ResultContainers.ForecastRecommendations, runId, equals, pageSize ?? ResultQueries.DefaultPageSize, continuationToken, cancellationToken).ConfigureAwait(false);
    }
}
