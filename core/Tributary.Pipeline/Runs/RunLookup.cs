using Tributary.Pipeline.Outcomes;

namespace Tributary.Pipeline.Runs;

/// <summary>Finds a run by its public id, whatever its kind, and shows it under that id.</summary>
public sealed class RunLookup(IRunClient client, IEnumerable<string> kinds)
{
    private readonly string[] _kinds = kinds.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The state of a run by its public id (the id is the caller's; the state's own id is its instance id), or null.</summary>
    public async Task<RunState?> FindAsync(string runId, bool withInputsAndOutputs, CancellationToken cancellationToken)
    {
        // One point read per kind, at once: a run id names at most one instance, whose prefix is its kind.
                var states = await Task.WhenAll(_kinds.Select(k => client.GetAsync(RunIds.InstanceId(k, runId), withInputsAndOutputs, cancellationToken))).ConfigureAwait(false);
        return states.Zip(_kinds).FirstOrDefault(s => s.First is { } state && state.Kind == s.Second).First;
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
}
