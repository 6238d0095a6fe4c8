using System.Text.Json;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Outcomes;

namespace Tributary.Pipeline.Results;

/// <summary>One page of a paged result read, with the caller's continuation token checked and the next one sealed (<see cref="PageTokens"/>).</summary>
internal static class PagedDocuments
{
    public static async Task<RequestOutcome<ResultPage>> ReadAsync(
        IDocumentStore documents, string container, string partition, IReadOnlyDictionary<string, string> equals, int pageSize, string? continuationToken,
        CancellationToken cancellationToken, DocumentOrder? order = null)
    {
        // A token belongs to its order too: a position in one order means nothing in another.
        var query = PageTokens.Query(container, partition, order is null ? equals : new Dictionary<string, string>(equals) { ["\u0002order"] = $"{order.Property} {order.Descending}" });
        string? position = null;
        if (!string.IsNullOrEmpty(continuationToken) && !PageTokens.TryOpen(continuationToken, query, out position))
        {
            return RequestOutcome<ResultPage>.Invalid("continuationToken", PageTokens.Problem);
        }

        DocumentPage<JsonElement> page;
        try
        {
            page = await documents.QueryAsync<JsonElement>(container, partition, equals, order, pageSize, position, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (position is not null && e is not OperationCanceledException)
        {
            // A position forged with a valid checksum that the store cannot use: still the caller's mistake, not a server error.
            return RequestOutcome<ResultPage>.Invalid("continuationToken", PageTokens.Problem);
        }

        return RequestOutcome<ResultPage>.Found(new ResultPage(page.Items, page.ContinuationToken is { } next ? PageTokens.Seal(query, next) : null));
    }
}
