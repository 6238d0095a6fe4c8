using System.Text.Json;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Outcomes;
using Tributary.Pipeline.Results;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Runs;

/// <summary>
/// The run routes' logic, written once for both hosts over <see cref="IRunClient"/>: start-if-absent, status, the listing
/// with filters applied in the store, terminate (with its event) and purge (with the run's results). Each host only binds
/// the route and maps the <see cref="RequestOutcome{T}"/> to HTTP.
/// </summary>
public sealed class RunService(IRunClient client, IReadOnlyDictionary<string, IWorkload> workloads, PipelineServices services)
{
    /// <summary>The longest terminate reason accepted.</summary>
    public const int MaxReasonLength = InputLimits.MaxReasonLength;

    /// <summary>What separates a run id from its re-run number: `{id}.rerun-{n}`.</summary>
    public const string RerunMarker = ".rerun-";

    /// <summary>How long a terminate waits for the run to stop before it removes the run's partial outputs.</summary>
    public static readonly TimeSpan TerminateSettleTimeout = TimeSpan.FromSeconds(30);

    private readonly RunLineage _lineage = new(services.Blobs);
    private readonly RunIndex _index = new(services.Blobs);

    /// <summary>How long an index entry may name a run that does not exist yet (its start is under way) before a listing removes it.</summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(1);

    /// <summary>Most index entries one listing request reads (a status filter may skip many); past it the page is short, with a token.</summary>
    public const int MaxEntriesPerListing = 2000;

    /// <summary>The workloads by kind.</summary>
    public IReadOnlyDictionary<string, IWorkload> Workloads => workloads;

    /// <summary>The client the service runs on.</summary>
    public IRunClient Client => client;

    /// <summary>The ports the workloads run on.</summary>
    public PipelineServices Services => services;

    /// <summary>
    /// Starts a run unless one with its id exists. The id is the caller's (with its kind prefix) or a new one. Asking again
    /// for an existing id with other parameters is a conflict that names what differs, never a silent return of the old run.
    /// </summary>
    public async Task<RequestOutcome<RunStarted>> StartAsync(string kind, StartRunRequest start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (!workloads.ContainsKey(kind))
        {
            return RequestOutcome<RunStarted>.Invalid("kind", $"'{kind}' is not a workload of this host; known: {string.Join(", ", workloads.Keys.Order())}");
        }

        var id = start.InstanceId ?? RunIds.New(kind);

        // Run ids are unique across kinds, as callers expect of one id space.
        if (start.InstanceId is not null && await FindAsync(id, withInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is { } other && other.Kind != kind)
        {
            return RequestOutcome<RunStarted>.Conflict($"run {id} exists with other input: kind is {other.Kind}, not {kind}");
        }

        var run = await _lineage.FollowAsync(kind, id, start.Run, cancellationToken).ConfigureAwait(false);
        await IndexAsync(kind, id, cancellationToken).ConfigureAwait(false);
        if (await client.StartIfAbsentAsync(kind, RunIds.InstanceId(kind, id), run, cancellationToken).ConfigureAwait(false))
        {
            return RequestOutcome<RunStarted>.Found(new RunStarted(id, true));
        }

        var existing = await client.GetAsync(RunIds.InstanceId(kind, id), withInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (existing is not null && Difference(existing, kind, start.Run) is { } difference)
        {
            return RequestOutcome<RunStarted>.Conflict($"run {id} exists with other input: {difference}");
        }

        return RequestOutcome<RunStarted>.Found(new RunStarted(id, false));
    }

    /// <summary>
    /// Starts a run for an event (drop, timer) under the id the event determines; true when this call created it. A run on a
    /// source follows the last completed run of that source (<see cref="RunLineage"/>).
    /// </summary>
    public async Task<bool> StartForEventAsync(string kind, string runId, RunRequest request, CancellationToken cancellationToken)
    {
        var run = await _lineage.FollowAsync(kind, runId, request, cancellationToken).ConfigureAwait(false);
        await IndexAsync(kind, runId, cancellationToken).ConfigureAwait(false);
        return await client.StartIfAbsentAsync(kind, RunIds.InstanceId(kind, runId), run, cancellationToken).ConfigureAwait(false);
    }

    // Records a run in the newest-first index just before it is started (a run already recorded keeps its place), so that
    // the start itself, and what a drop does right after it, take no longer than without the index.
    private Task IndexAsync(string kind, string runId, CancellationToken cancellationToken) =>
        _index.RecordAsync(kind, runId, TimeProvider.System.GetUtcNow(), cancellationToken);

    /// <summary>
    /// Starts a new run on a finished run's input: id `{root}.rerun-{n}` with the first free n (a re-run of a re-run counts
    /// on from the same root, so ids do not grow), the same source, parameters and drop, and the newest run of its lineage as
    /// its previous run (<see cref="RunLineage.NewestForRerunAsync"/>), so its results carry the latest work forward. 409 while the run is unfinished.
    /// </summary>
    public async Task<RequestOutcome<RunStarted>> RerunAsync(string id, CancellationToken cancellationToken)
    {
        if (RunIds.Problem(id) is { } malformed)
        {
            return RequestOutcome<RunStarted>.Invalid("id", malformed);
        }

        var original = await FindAsync(id, withInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (original is null)
        {
            return RequestOutcome<RunStarted>.Missing($"run {id}");
        }

        if (!original.IsTerminal)
        {
            return RequestOutcome<RunStarted>.Conflict($"run {id} is {original.Status}; re-run it once it has finished (or terminate it)");
        }

        var input = original.Input is { } text ? JsonSerializer.Deserialize<RunRequest>(text, DurableJson.Options) : null;
        if (input is null)
        {
            return RequestOutcome<RunStarted>.Conflict($"run {id} has no stored input to run again");
        }

        var request = input with { PreviousRunId = await _lineage.NewestForRerunAsync(original.Kind, id, input, async (run, c) => await FindAsync(run, false, c).ConfigureAwait(false) is not null, cancellationToken).ConfigureAwait(false) };
        using var span = Telemetry.RunTraces.StartRerun(original.Kind, id, input.TraceParent);
        var root = RerunRoot(id);
        for (var n = 1; ; n++)
        {
            var candidate = $"{root}{RerunMarker}{n}";
            if (candidate.Length > RunIds.MaxCallerIdLength)
            {
                return RequestOutcome<RunStarted>.Invalid("id", $"a re-run id of {id} would be longer than {RunIds.MaxCallerIdLength} characters");
            }

            // Ids are unique across kinds, so a number another kind holds is taken too; a lost race moves on to the next.
            if (await FindAsync(candidate, withInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is null)
            {
                await IndexAsync(original.Kind, candidate, cancellationToken).ConfigureAwait(false);
                if (await client.StartIfAbsentAsync(original.Kind, RunIds.InstanceId(original.Kind, candidate), request, cancellationToken).ConfigureAwait(false))
                {
                    return RequestOutcome<RunStarted>.Found(new RunStarted(candidate, true));
                }
            }
        }
    }

    /// <summary>The id a run's re-runs are numbered from: the id without its `.rerun-{n}` suffix.</summary>
    public static string RerunRoot(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var at = id.LastIndexOf(RerunMarker, StringComparison.Ordinal);
        return at > 0 && id.Length > at + RerunMarker.Length && id[(at + RerunMarker.Length)..].All(char.IsAsciiDigit) ? id[..at] : id;
    }

    /// <summary>The state of a run by its public id (the id is the caller's; the state's own id is its instance id), or null.</summary>
    public async Task<RunState?> FindAsync(string runId, bool withInputsAndOutputs, CancellationToken cancellationToken)
    {
        // One point read per kind, at once: a run id names at most one instance, whose prefix is its kind.
        var kinds = workloads.Keys.Order(StringComparer.Ordinal).ToList();
        var states = await Task.WhenAll(kinds.Select(k => client.GetAsync(RunIds.InstanceId(k, runId), withInputsAndOutputs, cancellationToken))).ConfigureAwait(false);
        return states.Zip(kinds).FirstOrDefault(s => s.First is { } state && state.Kind == s.Second).First;
    }

    /// <summary>A run's view with its public id.</summary>
    public static RunStatusView View(RunState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return RunStatusView.From(state with { Id = RunIds.RunIdOf(state.Kind, state.Id) });
    }

    /// <summary>The status of a run. A malformed id is 400, a well-formed unknown one 404.</summary>
    public async Task<RequestOutcome<RunStatusView>> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (RunIds.Problem(id) is { } malformed)
        {
            return RequestOutcome<RunStatusView>.Invalid("id", malformed);
        }

        var state = await FindAsync(id, withInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return state is null ? RequestOutcome<RunStatusView>.Missing($"run {id}") : RequestOutcome<RunStatusView>.Found(View(state));
    }

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

        await _index.EnsureBuiltAsync(client, workloads.Keys.Order(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        var items = new List<RunStatusView>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var read = 0;
        do
        {
            BlobNamePage page;
            try
            {
                page = await _index.ListAsync(filter.Kind, filter.PageSize - items.Count, token, cancellationToken).ConfigureAwait(false);
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
                    await _index.RemoveEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                }
                else if (state is null || state.Kind != entry.Kind)
                {
                    // Purged since it was indexed, or its start failed: the entry goes (not while its start may be under way).
                    if (TimeProvider.System.GetUtcNow() - entry.CreatedAt > StartGrace)
                    {
                        await _index.RemoveAsync(entry.Kind, entry.RunId, cancellationToken, entry).ConfigureAwait(false);
                    }
                }
                else if ((filter.Statuses is not { } statuses || statuses.Contains(state.Status))
                    && (filter.CreatedFrom is not { } after || state.CreatedAt >= after)
                    && (filter.CreatedTo is not { } before || state.CreatedAt <= before))
                {
                    items.Add(View(state));
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

    /// <summary>
    /// Terminates an unfinished run, publishes its Terminated event (the orchestrator never runs again to do it) and, once the
    /// run has stopped, deletes its partial outputs (staged partitions, output blobs, result documents), so nothing half-done
    /// is left to read. The instance and its history stay for status and listing until a purge.
    /// </summary>
    public async Task<RequestOutcome<RunStatusView>> TerminateAsync(string id, string? reason, CancellationToken cancellationToken)
    {
        if (RunIds.Problem(id) is { } malformed)
        {
            return RequestOutcome<RunStatusView>.Invalid("id", malformed);
        }

        if (reason is { Length: > MaxReasonLength })
        {
            return RequestOutcome<RunStatusView>.Invalid("reason", $"at most {MaxReasonLength} characters");
        }

        var before = await FindAsync(id, withInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            return RequestOutcome<RunStatusView>.Missing($"run {id}");
        }

        if (before.IsTerminal)
        {
            return RequestOutcome<RunStatusView>.Conflict($"run {id} is already {before.Status}");
        }

        var why = string.IsNullOrWhiteSpace(reason) ? "terminated over HTTP" : reason;
        await new RunStops(services.Blobs).RecordAsync(before.Kind, id, TimeProvider.System.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await client.TerminateAsync(before.Id, why, cancellationToken).ConfigureAwait(false);
        await services.Events.PublishAsync(
            new RunEvent(id, before.Kind, nameof(RuntimeStatus.Terminated), JsonSerializer.Serialize(why, DurableJson.Options), services.Time.GetUtcNow()),
            cancellationToken).ConfigureAwait(false);
        Telemetry.PipelineTelemetry.RunEnded(before.Kind, RuntimeStatus.Terminated, services.Time.GetUtcNow() - before.CreatedAt);
        var after = await WaitStoppedAsync(before, cancellationToken).ConfigureAwait(false);
        if (workloads.TryGetValue(before.Kind, out var workload))
        {
            await workload.PurgeResultsAsync(id, cancellationToken).ConfigureAwait(false);
        }

        return RequestOutcome<RunStatusView>.Found(View(after));
    }

    // The backend terminates asynchronously; outputs are removed after the run stopped, so its orchestrator schedules no more
    // work. Activities already queued or running see the stop record (RunStops): they do not start, or stop and remove
    // what the run wrote when they end.
    private async Task<RunState> WaitStoppedAsync(RunState before, CancellationToken cancellationToken)
    {
        // Wall time, not the services' clock: tests drive that one by hand, and this waits for the backend.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var state = await client.GetAsync(before.Id, withInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) ?? before;
            if (state.IsTerminal || waited.Elapsed >= TerminateSettleTimeout)
            {
                return state;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Purges a finished run: its instance, its child orchestrations and its results (documents and output blobs).</summary>
    public async Task<RequestOutcome<PurgeSummary>> PurgeAsync(string id, CancellationToken cancellationToken)
    {
        if (RunIds.Problem(id) is { } malformed)
        {
            return RequestOutcome<PurgeSummary>.Invalid("id", malformed);
        }

        var state = await FindAsync(id, withInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return RequestOutcome<PurgeSummary>.Missing($"run {id}");
        }

        if (!state.IsTerminal)
        {
            return RequestOutcome<PurgeSummary>.Conflict($"run {id} is {state.Status}, not finished; terminate it first");
        }

        return RequestOutcome<PurgeSummary>.Found(await PurgeFinishedAsync(state, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Purges every finished run created before the cutoff (the retention timer); returns how many.</summary>
    public async Task<int> PurgeFinishedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        // Collected before purging, so deletions cannot shift the pages still to be read.
        var doomed = new List<RunState>();
        foreach (var kind in workloads.Keys)
        {
            string? token = null;
            do
            {
                var page = await client.QueryAsync(
                    new RunQuery([RuntimeStatus.Completed, RuntimeStatus.Failed, RuntimeStatus.Terminated], null, cutoff, 500, token, RunIds.KindPrefix(kind), WithInputsAndOutputs: false),
                    cancellationToken).ConfigureAwait(false);
                doomed.AddRange(page.Runs.Where(r => r.CreatedAt < cutoff));
                token = page.ContinuationToken;
            }
            while (token is not null);
        }

        foreach (var run in doomed)
        {
            await PurgeFinishedAsync(run, cancellationToken).ConfigureAwait(false);
        }

        return doomed.Count;
    }

    private async Task<PurgeSummary> PurgeFinishedAsync(RunState state, CancellationToken cancellationToken)
    {
        var results = workloads.TryGetValue(state.Kind, out var workload)
            ? await workload.PurgeResultsAsync(RunIds.RunIdOf(state.Kind, state.Id), cancellationToken).ConfigureAwait(false)
            : 0;
        var children = 0;
        string? token = null;
        var childIds = new List<string>();
        do
        {
            var page = await client.QueryAsync(new RunQuery(PageSize: 500, ContinuationToken: token, IdPrefix: RunIds.ChildrenOf(state.Id), WithInputsAndOutputs: false), cancellationToken)
                .ConfigureAwait(false);
            childIds.AddRange(page.Runs.Select(r => r.Id));
            token = page.ContinuationToken;
        }
        while (token is not null);

        foreach (var child in childIds)
        {
            // A child a terminate cut short is still running: stop it so its state can go too.
            var childState = await client.GetAsync(child, withInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
            if (childState is { IsTerminal: false })
            {
                await client.TerminateAsync(child, "parent purged", cancellationToken).ConfigureAwait(false);
            }

            if (await client.PurgeInstanceAsync(child, cancellationToken).ConfigureAwait(false))
            {
                children++;
            }
        }

        var purged = await client.PurgeInstanceAsync(state.Id, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        await _index.RemoveAsync(state.Kind, RunIds.RunIdOf(state.Kind, state.Id), cancellationToken).ConfigureAwait(false);
        return new PurgeSummary(purged + children, results);
    }

    private static string? Difference(RunState existing, string kind, RunRequest requested)
    {
        if (existing.Kind != kind)
        {
            return $"kind is {existing.Kind}, not {kind}";
        }

        if (existing.Input is null)
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<RunRequest>(existing.Input, DurableJson.Options);
        if (stored is null)
        {
            return null;
        }

        if (!Equals(stored.Source, requested.Source))
        {
            return $"source is {Describe(stored.Source)}, not {Describe(requested.Source)}";
        }

        var before = stored.Parameters is { } p ? Canonical(p) : "{}";
        var after = requested.Parameters is { } q ? Canonical(q) : "{}";
        return before == after ? null : $"parameters are {Shorten(before)}, not {Shorten(after)}";
    }

    private static string Describe(BlobFolder? folder) => folder is null ? "none" : $"{folder.Container}/{folder.Prefix}";

    private static string Canonical(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? "{}" : JsonSerializer.Serialize(element);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}

/// <summary>A start's result: the run id and whether this request created the run.</summary>
public sealed record RunStarted(string Id, bool Created);

/// <summary>What a purge removed: Durable instances (the run and its children) and result items (documents and blobs).</summary>
public sealed record PurgeSummary(int InstancesDeleted, int ResultsDeleted);
