using System.Globalization;
using System.Text.Json;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Suggestions;
using Tributary.Pipeline.Outcomes;
using Tributary.Pipeline.Results;

namespace Tributary.Pipeline.Reconciliation;

/// <summary>
/// The suggestions of a reconciliation run, filtered by kind, status and lowest confidence, paged with a continuation token
/// like the break listing; or the suggestions of one break (those that would clear it, surest first). Single-partition reads.
/// </summary>
public sealed class SuggestionQueries(IDocumentStore documents)
{
    /// <summary>Store pages read at most to fill one answer page when the confidence filter skips many (the token then resumes).</summary>
    public const int MaxStorePagesPerAnswer = 20;

    /// <summary>A page of suggestions; <paramref name="breakId"/> answers that break's suggestions instead (one page, other filters applied).</summary>
    public async Task<RequestOutcome<ResultPage>> ListAsync(string runId, string? minConfidence, string? kind, string? status, string? breakId, int? pageSize,
        string? continuationToken, CancellationToken cancellationToken)
    {
        if (RunIds.Problem(runId) is { } malformed)
        {
            return RequestOutcome<ResultPage>.Invalid("runId", malformed);
        }

        if (pageSize is < 1 or > ResultQueries.MaxPageSize)
        {
            return RequestOutcome<ResultPage>.Invalid("pageSize", ResultQueries.PageSizeProblem);
        }

        var lowest = 0.0;
        if (minConfidence is not null
            && (minConfidence.Length > 32 || !double.TryParse(minConfidence, NumberStyles.Float, CultureInfo.InvariantCulture, out lowest) || !(lowest is >= 0 and <= 1)))
        {
            return RequestOutcome<ResultPage>.Invalid("minConfidence", "must be a number between 0 and 1, e.g. 0.5");
        }

        var equals = new Dictionary<string, string>();
        if (kind is not null)
        {
            var known = Enum.GetValues<SuggestionKind>().Select(k => k.Name()).ToList();
            var normalized = kind.Trim().ToLowerInvariant().Replace('-', '_');
            if (!known.Contains(normalized, StringComparer.Ordinal))
            {
                return RequestOutcome<ResultPage>.Invalid("kind", $"'{Shown(kind)}' is not a suggestion kind. Allowed: {string.Join(", ", known)}");
            }

            equals["kind"] = normalized;
        }

        if (status is not null)
        {
            var normalized = status.Trim().ToLowerInvariant();
            if (!ReconSuggestionDocument.Statuses.Contains(normalized, StringComparer.Ordinal))
            {
                return RequestOutcome<ResultPage>.Invalid("status", $"'{Shown(status)}' is not a suggestion status. Allowed: {string.Join(", ", ReconSuggestionDocument.Statuses)}");
            }

            equals["status"] = normalized;
        }

        if (breakId is not null)
        {
            return BreakStatusChange.BreakIdProblem(breakId) is { } badBreak
                ? RequestOutcome<ResultPage>.Invalid("breakId", badBreak)
                : await OfBreakAsync(runId, breakId, lowest, equals, cancellationToken).ConfigureAwait(false);
        }

        // The confidence filter runs over the store's pages (an equality-only query); the token is sealed with it, so it
        // cannot be replayed under another filter.
        var sealedFilters = new Dictionary<string, string>(equals) { ["minConfidence"] = lowest.ToString("R", CultureInfo.InvariantCulture) };
        var query = PageTokens.Query(ResultContainers.ReconSuggestions, runId, sealedFilters);
        string? position = null;
        if (!string.IsNullOrEmpty(continuationToken) && !PageTokens.TryOpen(continuationToken, query, out position))
        {
            return RequestOutcome<ResultPage>.Invalid("continuationToken", PageTokens.Problem);
        }

        var size = pageSize ?? ResultQueries.DefaultPageSize;
        var items = new List<JsonElement>(size);
        for (var read = 0; read < MaxStorePagesPerAnswer && items.Count < size; read++)
        {
            DocumentPage<JsonElement> page;
            try
            {
                page = await documents.QueryAsync<JsonElement>(ResultContainers.ReconSuggestions, runId, equals, size - items.Count, position, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (position is not null && read == 0 && e is not OperationCanceledException)
            {
                return RequestOutcome<ResultPage>.Invalid("continuationToken", PageTokens.Problem);
            }

            items.AddRange(page.Items.Where(i => Confidence(i) >= lowest));
            position = page.ContinuationToken;
            if (position is null)
            {
                break;
            }
        }

        return RequestOutcome<ResultPage>.Found(new ResultPage(items, position is null ? null : PageTokens.Seal(query, position)));
    }

    private async Task<RequestOutcome<ResultPage>> OfBreakAsync(string runId, string breakId, double lowest, Dictionary<string, string> equals, CancellationToken cancellationToken)
    {
        var found = await documents.ReadAsync<ReconBreakDocument>(ResultContainers.ReconBreaks, runId, breakId, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return RequestOutcome<ResultPage>.Missing($"break {breakId} of run {runId}");
        }

        var items = new List<JsonElement>();
        foreach (var id in found.Document.Suggestions ?? [])
        {
            var suggestion = await documents.ReadAsync<JsonElement>(ResultContainers.ReconSuggestions, runId, id, cancellationToken).ConfigureAwait(false);
            if (suggestion is { } s && Confidence(s.Document) >= lowest
                && equals.All(e => s.Document.TryGetProperty(e.Key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() == e.Value))
            {
                items.Add(s.Document);
            }
        }

        return RequestOutcome<ResultPage>.Found(new ResultPage(items, null));
    }

    private static double Confidence(JsonElement suggestion) =>
        suggestion.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : 0;

    private static string Shown(string value) => value.Length <= 40 ? value : value[..37] + "...";
}
