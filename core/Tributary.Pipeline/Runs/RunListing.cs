using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Outcomes;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Results;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Runs;

/// <summary>
/// Lists runs of every workload newest first across pages, with status and time filters, from the run index; while the
/// index is being built, from the task hub (<see cref="RunListingById"/>).
/// </summary>
/// <param name="log">Where a build this listing started reports its failure; nowhere when null.</param>
public sealed class RunListing(IRunClient client, IReadOnlyDictionary<string, IWorkload> workloads, RunIndex index, ILogger? log = null)
{
    /// <summary>How long an index entry may name a run that does not exist yet (its start is under way) before a listing removes it.</summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(1);

    /// <summary>Most index entries one listing request lists (a status filter may skip many); past it the page is short, with a token.</summary>
    public const int MaxEntriesPerListing = 10_000;

    /// <summary>Most run states one listing request reads; past it the page is short, with a token.</summary>
    public const int MaxStateReadsPerListing = 2000;

    // Index entries listed at once under a status filter, which skips finished runs of other statuses without a read: twice
    // the room left on the page at first (a common status fills it from there), doubling up to this for a rare one.
    private const int StatusFilterBatch = 1000;

    /// <summary>
    /// One page of runs, newest first across pages (<see cref="RunIndex"/>): the index is listed from the token's position,
    /// each run's state read, and the status and time filters applied to those states. A status filter trusts an entry that
    /// says how its run ended and skips it unread when that status is not asked for; only unfinished runs (and entries an
    /// older version wrote) are read to be judged, and an entry found behind its run's finished state is brought up to
    /// date. A page is short only at the end, or when <see cref="MaxEntriesPerListing"/> entries were listed or
    /// <see cref="MaxStateReadsPerListing"/> states read without filling it (then it carries a token).
    /// While the index is being built (a hub older than it, just after the host started) the page comes from the task hub
    /// in its own order instead (<see cref="RunListingById"/>, <see cref="RunPage.Order"/> says so), and the build is
    /// started if this process has not started it.
    /// </summary>
    public async Task<RequestOutcome<RunPage>> ListAsync(RunListFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Kind is { } named && !workloads.ContainsKey(named))
        {
            return RequestOutcome<RunPage>.Invalid("kind", $"'{named}' is not a workload of this host; known: {string.Join(", ", workloads.Keys.Order())}");
        }

        var query = ListQuery(filter);
        var kinds = filter.Kind is { } k ? [k] : workloads.Keys.Order(StringComparer.Ordinal).ToList();
        Cursor? at = new(null, null);
        if (filter.ContinuationToken is { } given && !PageTokens.TryOpen(given, query, out at))
        {
            return RunListingById.Owns(given, filter, kinds)
                ? await RunListingById.ListAsync(client, filter, kinds, given, cancellationToken).ConfigureAwait(false)
                : RequestOutcome<RunPage>.Invalid("continuationToken", PageTokens.Problem);
        }

        if (filter.ContinuationToken is null && !await index.IsBuiltAsync(cancellationToken).ConfigureAwait(false))
        {
            // Not this request's wait: the build goes on without it (and outlives it), the page comes from the task hub.
            _ = index.BuildAsync(client, workloads.Keys.Order(StringComparer.Ordinal), CancellationToken.None).ContinueWith(
                t => log?.LogWarning(t.Exception, "Building the run index failed; the next listing tries again"),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return await RunListingById.ListAsync(client, filter, kinds, null, cancellationToken).ConfigureAwait(false);
        }

        var items = new List<RunStatusView>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var (listed, reads, batches) = (0, 0, 0);
        while (at is { } from && items.Count < filter.PageSize && listed < MaxEntriesPerListing && reads < MaxStateReadsPerListing)
        {
            BlobNamePage page;
            try
            {
                var room = filter.PageSize - items.Count;
                var batch = filter.Statuses is null ? room : (int)Math.Min(StatusFilterBatch, Math.Max(100L, 2L * room) << Math.Min(batches, 4));
                page = await index.ListAsync(filter.Kind, batch, from.Store, cancellationToken).ConfigureAwait(false);
                batches++;
            }
            catch (Exception e) when (from.Store is not null && e is not OperationCanceledException && e is not DependencyUnavailableException)
            {
                // The store's own token inside ours was tampered with: still the caller's mistake, not a server error.
                return RequestOutcome<RunPage>.Invalid("continuationToken", PageTokens.Problem);
            }

            listed += page.Names.Count;
            // A batch listed again may end short of where the last page stopped (a store's page can be shorter than asked):
            // the next one still starts after that entry.
            var stillAhead = from.After is { } stop && (page.Names.Count == 0 || string.CompareOrdinal(page.Names[^1], stop) < 0);
            at = page.ContinuationToken is { } next ? new Cursor(next, stillAhead ? from.After : null) : null;
            var entries = page.Names
                .Select((name, i) => (Name: name, Entry: RunIndex.Parse(name, page.MetadataAt(i))))
                .Where(e => e.Entry is not null && (from.After is null || string.CompareOrdinal(e.Name, from.After) > 0))
                .Select(e => (e.Name, Entry: e.Entry!.Value))
                .ToList();
            // An entry's time is when its run was indexed, just before the instance was created (or the instance's own
            // creation time, for runs indexed from the task hub): never later than the run's creation time.
            if (filter.CreatedFrom is { } since && entries.Any(e => e.Entry.CreatedAt < since - StartGrace))
            {
                // Newest first: well past the range's start nothing later can match.
                entries = entries.Where(e => e.Entry.CreatedAt >= since - StartGrace).ToList();
                at = null;
            }

            entries = entries.Where(e => filter.CreatedTo is not { } to || e.Entry.CreatedAt <= to).ToList();
            var taken = 0;
            while (taken < entries.Count && items.Count < filter.PageSize)
            {
                // At most as many reads at once as the page still has room for, so a page that fills wastes few.
                var chunk = entries.Skip(taken).Take(filter.PageSize - items.Count).ToList();
                var toRead = chunk.Where(e => !SkippedUnread(filter, e.Entry)).ToList();
                reads += toRead.Count;
                var states = await Task.WhenAll(toRead.Select(e => client.GetAsync(RunIds.InstanceId(e.Entry.Kind, e.Entry.RunId), withInputsAndOutputs: true, cancellationToken))).ConfigureAwait(false);
                var stateOf = toRead.Select(e => e.Name).Zip(states).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
                foreach (var (name, entry) in chunk)
                {
                    if (items.Count == filter.PageSize)
                    {
                        break;
                    }

                    taken++;
                    if (stateOf.TryGetValue(name, out var state))
                    {
                        await TakeAsync(filter, entry, state, items, seen, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            if (taken < entries.Count)
            {
                // The page filled inside this batch: the next one lists the batch again and starts after the last entry taken.
                at = new Cursor(from.Store, entries[taken - 1].Name);
            }
        }

        return RequestOutcome<RunPage>.Found(new RunPage(items, at is null ? null : PageTokens.Seal(query, at)));
    }

    // A status filter trusts an entry that says how its run ended: a finished run of another status is not read.
    // (Finalize records Completed just before the orchestration returns, so for that moment a Running filter misses it.)
    private static bool SkippedUnread(RunListFilter filter, RunIndex.Entry entry) =>
        filter.Statuses is { } statuses && entry.Final is { } final && !statuses.Contains(final);

    private async Task TakeAsync(RunListFilter filter, RunIndex.Entry entry, RunState? state, List<RunStatusView> items, HashSet<string> seen, CancellationToken cancellationToken)
    {
        if (!seen.Add($"{entry.Kind}/{entry.RunId}"))
        {
            // Two processes indexed the run at once (a drop both saw): the older entry goes, the run shows once.
            await index.RemoveEntryAsync(entry, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (state is null || state.Kind != entry.Kind)
        {
            // Purged since it was indexed, or its start failed: the entry goes (not while its start may be under way).
            if (TimeProvider.System.GetUtcNow() - entry.CreatedAt > StartGrace)
            {
                await index.RemoveAsync(entry.Kind, entry.RunId, cancellationToken, entry).ConfigureAwait(false);
            }

            return;
        }

        if (state.IsTerminal && entry.Final != state.Status)
        {
            // The run ended where nothing recorded it (an older version, a crash, a terminate elsewhere): the entry catches up.
            await index.RecordFinalAsync(entry.Kind, entry.RunId, state.Status, cancellationToken).ConfigureAwait(false);
        }

        if ((filter.Statuses is not { } statuses || statuses.Contains(state.Status))
            && (filter.CreatedFrom is not { } after || state.CreatedAt >= after)
            && (filter.CreatedTo is not { } before || state.CreatedAt <= before))
        {
            items.Add(RunLookup.View(state));
        }
    }

    /// <summary>Where a page left off: the store's token of the batch it was in, and the last entry taken from that batch (null: none).</summary>
    private sealed record Cursor(string? Store, string? After);

    // A token belongs to its listing: the kind it walks and the filters applied with it.
    private static string ListQuery(RunListFilter filter) =>
        PageTokens.Query("runs", filter.Kind ?? "", new Dictionary<string, string>
        {
            ["status"] = filter.Statuses is { } s ? string.Join(',', s) : "",
            ["from"] = filter.CreatedFrom?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "",
            ["to"] = filter.CreatedTo?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        });
}
