using Tributary.Pipeline.Outcomes;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Runs;

/// <summary>Purges finished runs, one by id or all before a cutoff: instances, child orchestrations, results, index entries and finalize records.</summary>
public sealed class RunPurges(IRunClient client, IReadOnlyDictionary<string, IWorkload> workloads, RunLookup lookup, RunIndex index, IBlobStore blobs)
{
    /// <summary>Purges a finished run: its instance, its child orchestrations and its results (documents and output blobs).</summary>
    public async Task<RequestOutcome<PurgeSummary>> PurgeAsync(string id, CancellationToken cancellationToken)
    {
        if (RunIds.Problem(id) is { } malformed)
        {
            return RequestOutcome<PurgeSummary>.Invalid("id", malformed);
        }

        var state = await lookup.FindAsync(id, withInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
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
        await index.RemoveAsync(state.Kind, RunIds.RunIdOf(state.Kind, state.Id), cancellationToken).ConfigureAwait(false);
        await Orchestration.FinalizedRecord.RemoveAsync(blobs, state.Kind, RunIds.RunIdOf(state.Kind, state.Id), cancellationToken).ConfigureAwait(false);
        return new PurgeSummary(purged + children, results);
    }
}
