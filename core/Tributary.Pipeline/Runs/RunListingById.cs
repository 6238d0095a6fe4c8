using System.Globalization;
using Tributary.Pipeline.Outcomes;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Results;

namespace Tributary.Pipeline.Runs;

/// <summary>
/// The run listing straight from the task hub, kind by kind and each in the backend's own order (by instance id on Azure
/// Storage), with every filter
/// applied in the store: what <see cref="RunListing.ListAsync"/> answers while the run index is still being built, so a
/// listing is never wrong or missing runs, only in another order (the page says <see cref="RunOrder.TaskHub"/>). Its tokens
/// belong to this listing, so paging that started here ends here even if the index is finished meanwhile.
/// </summary>
internal static class RunListingById
{
    /// <summary>Where a page left off: the kind being read (its index in the ordered kinds) and the backend's token in it.</summary>
    private sealed record Cursor(int Kind, string? Token);

    /// <summary>True when <paramref name="token"/> is one of this listing's tokens for these filters and kinds.</summary>
    public static bool Owns(string token, RunListFilter filter, IReadOnlyList<string> kinds) =>
        PageTokens.TryOpen<Cursor>(token, Query(filter, kinds), out var cursor) && cursor.Kind >= 0 && cursor.Kind < kinds.Count;

    /// <summary>One page from the token's position (the first page without one).</summary>
    public static async Task<RequestOutcome<RunPage>> ListAsync(
        IRunClient client, RunListFilter filter, IReadOnlyList<string> kinds, string? continuationToken, CancellationToken cancellationToken)
    {
        var query = Query(filter, kinds);
        Cursor? cursor = new(0, null);
        if (continuationToken is not null && (!PageTokens.TryOpen(continuationToken, query, out cursor) || cursor.Kind < 0 || cursor.Kind >= kinds.Count))
        {
            return RequestOutcome<RunPage>.Invalid("continuationToken", PageTokens.Problem);
        }

        var items = new List<RunStatusView>();
        while (cursor is { } at && items.Count < filter.PageSize)
        {
            RunStatePage page;
            try
            {
                page = await client.QueryAsync(
                    new RunQuery(filter.Statuses, filter.CreatedFrom, filter.CreatedTo, filter.PageSize - items.Count, at.Token, RunIds.KindPrefix(kinds[at.Kind])),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (at.Token is not null && e is not OperationCanceledException && e is not DependencyUnavailableException)
            {
                // The backend's own token inside ours was tampered with: still the caller's mistake, not a server error.
                return RequestOutcome<RunPage>.Invalid("continuationToken", PageTokens.Problem);
            }

            items.AddRange(page.Runs.Select(RunLookup.View));
            cursor = page.ContinuationToken is { } token ? at with { Token = token } : at.Kind + 1 < kinds.Count ? new Cursor(at.Kind + 1, null) : null;
        }

        return RequestOutcome<RunPage>.Found(new RunPage(items, cursor is null ? null : PageTokens.Seal(query, cursor), RunOrder.TaskHub));
    }

    // A token belongs to its listing: the kinds it walks and the filters the backend applies with its token.
    private static string Query(RunListFilter filter, IReadOnlyList<string> kinds) =>
        PageTokens.Query("runs-by-id", string.Join(',', kinds), new Dictionary<string, string>
        {
            ["status"] = filter.Statuses is { } s ? string.Join(',', s) : "",
            ["from"] = filter.CreatedFrom?.ToString("O", CultureInfo.InvariantCulture) ?? "",
            ["to"] = filter.CreatedTo?.ToString("O", CultureInfo.InvariantCulture) ?? "",
        });
}
