using Tributary.Pipeline.Outcomes;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Results;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Runs;

/// <summary>Lists runs of every workload newest first across pages, with status and time filters, from the run index.</summary>
public sealed class RunListing(IRunClient client, IReadOnlyDictionary<string, IWorkload> workloads, RunIndex index)
{
    /// <summary>How long an index entry may name a run that does not exist yet (its start is under way) before a listing removes it.</summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(1);

    /// <summary>Most index entries one listing request reads (a status filter may skip many); past it the page is short, with a token.</summary>
    public const int MaxEntriesPerListing = 2000;

    /// <summary>
    /// One page of runs, newest first across pages (<see cref="RunIndex"/>): the index is listed from the token's position,
    /// each run's state read at once, and the status and time filters applied to those states. A page is short only at the
    /// end, or when <see cref="MaxEntriesPerListing"/> entries were read without filling it (then it carries a token).
    /// </summary>
    public async Task<RequestOutcome<RunPage>> ListAsync(RunListFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Kind is { } named && !workloads.ContainsKey(named))
        {
            return RequestOutcome<RunPage>.Invalid("kind", $"'{named}' is not a workload of this host; known: {string.Join(", ", workloads.Keys.Order())}");
        }

        var query = ListQuery(filter);
        string? token = null;
        if (filter.ContinuationToken is { } given && !PageTokens.TryOpen(given, query, out token))
        {
            return RequestOutcome<RunPage>.Invalid("continuationToken", PageTokens.Problem);
        }

        await index.EnsureBuiltAsync(client, workloads.Keys.Order(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        var items = new List<RunStatusView>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var read = 0;
        do
        {
            BlobNamePage page;
            try
            {
                page = await index.ListAsync(filter.Kind, filter.PageSize - items.Count, token, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (token is not null && e is not OperationCanceledException && e is not DependencyUnavailableException)
            {
                // The store's own token inside ours was tampered with: still the caller's mistake, not a server error.
                return RequestOutcome<RunPage>.Invalid("continuationToken", PageTokens.Problem);
            }

            read += page.Names.Count;
            token = page.ContinuationToken;
            var entries = page.Names.Select(RunIndex.Parse).OfType<RunIndex.Entry>().ToList();
            // An entry's time is when its run was indexed, just before the instance was created (or the instance's own
            // creation time, for runs indexed from the task hub): never later than the run's creation time.
            if (filter.CreatedFrom is { } from && entries.Any(e => e.CreatedAt < from - StartGrace))
            {
                // Newest first: well past the range's start nothing later can match.
                entries = entries.Where(e => e.CreatedAt >= from - StartGrace).ToList();
                token = null;
            }

            entries = entries.Where(e => filter.CreatedTo is not { } to || e.CreatedAt <= to).ToList();
            var states = await Task.WhenAll(entries.Select(e => client.GetAsync(RunIds.InstanceId(e.Kind, e.RunId), withInputsAndOutputs: true, cancellationToken))).ConfigureAwait(false);
            foreach (var (entry, state) in entries.Zip(states))
            {
                if (!seen.Add($"{entry.Kind}/{entry.RunId}"))
                {
                    // Two processes indexed the run at once (a drop both saw): the older entry goes, the run shows once.
                    await index.RemoveEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                }
                else if (state is null || state.Kind != entry.Kind)
                {
                    // Purged since it was indexed, or its start failed: the entry goes (not while its start may be under way).
                    if (TimeProvider.System.GetUtcNow() - entry.CreatedAt > StartGrace)
                    {
                        await index.RemoveAsync(entry.Kind, entry.RunId, cancellationToken, entry).ConfigureAwait(false);
                    }
                }
                else if ((filter.Statuses is not { } statuses || statuses.Contains(state.Status))
                    && (filter.CreatedFrom is not { } after || state.CreatedAt >= after)
                    && (filter.CreatedTo is not { } before || state.CreatedAt <= before))
                {
                    items.Add(RunLookup.View(state));
                }
            }
        }
        while (token is not null && items.Count < filter.PageSize && read < MaxEntriesPerListing);

        return RequestOutcome<RunPage>.Found(new RunPage(items, token is null ? null : PageTokens.Seal(query, token)));
    }

    // A token belongs to its listing: the kind it walks and the filters applied with it.
    private static string ListQuery(RunListFilter filter) =>
        PageTokens.Query("runs", filter.Kind ?? "", new Dictionary<string, string>
        {
            ["status"] = filter.Statuses is { } s ? string.Join(',', s) : "",
            ["from"] = filter.CreatedFrom?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "",
            ["to"] = filter.CreatedTo?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        });
}
