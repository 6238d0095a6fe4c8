using System.Text.Json;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Outcomes;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Runs;

/// <summary>Starts runs: from a request (start-if-absent, a conflict naming what differs), from an event, and again as a re-run.</summary>
public sealed class RunStarts(IRunClient client, IReadOnlyDictionary<string, IWorkload> workloads, RunLookup lookup, RunLineage lineage, RunIndex index)
{
    /// <summary>What separates a run id from its re-run number: `{id}.rerun-{n}`.</summary>
    public const string RerunMarker = ".rerun-";

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
        if (start.InstanceId is not null && await lookup.FindAsync(id, withInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is { } other && other.Kind != kind)
        {
            return RequestOutcome<RunStarted>.Conflict($"run {id} exists with other input: kind is {other.Kind}, not {kind}");
        }

        var run = await lineage.FollowAsync(kind, id, start.Run, cancellationToken).ConfigureAwait(false);
        await IndexAsync(kind, id, cancellationToken).ConfigureAwait(false);
        if (await client.StartIfAbsentAsync(kind, RunIds.InstanceId(kind, id), run, cancellationToken).ConfigureAwait(false))
        {
            return RequestOutcome<RunStarted>.Found(new RunStarted(id, true));
        }

        var existing = await client.GetAsync(RunIds.InstanceId(kind, id), withInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (existing is not null && RunInputDifference.Of(existing, kind, start.Run) is { } difference)
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
        var run = await lineage.FollowAsync(kind, runId, request, cancellationToken).ConfigureAwait(false);
        await IndexAsync(kind, runId, cancellationToken).ConfigureAwait(false);
        return await client.StartIfAbsentAsync(kind, RunIds.InstanceId(kind, runId), run, cancellationToken).ConfigureAwait(false);
    }

    // Records a run in the newest-first index just before it is started (a run already recorded keeps its place), so that
    // the start itself, and what a drop does right after it, take no longer than without the index.
    private Task IndexAsync(string kind, string runId, CancellationToken cancellationToken) =>
        index.RecordAsync(kind, runId, TimeProvider.System.GetUtcNow(), cancellationToken);

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

        var original = await lookup.FindAsync(id, withInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
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

        var request = input with { PreviousRunId = await lineage.NewestForRerunAsync(original.Kind, id, input, async (run, c) => await lookup.FindAsync(run, false, c).ConfigureAwait(false) is not null, cancellationToken).ConfigureAwait(false) };
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
            if (await lookup.FindAsync(candidate, withInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is null)
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
}
