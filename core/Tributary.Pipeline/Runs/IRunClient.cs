using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Runs;

/// <summary>
/// What the hosts need of a Durable client: one implementation over DurableTask.Core's <c>TaskHubClient</c> (`tributary serve`)
/// and one over the SDK's <c>DurableTaskClient</c> (the Functions app's <c>[DurableClient]</c>). The request, drop and timer
/// policies (<see cref="RunService"/>) are written once over it.
/// </summary>
public interface IRunClient
{
    /// <summary>Schedules the workload's orchestrator under this id unless a run with the id exists; true when this call created it.</summary>
    Task<bool> StartIfAbsentAsync(string kind, string runId, RunRequest request, CancellationToken cancellationToken);

    /// <summary>The run's state, or null when there is none with that id.</summary>
    Task<RunState?> GetAsync(string runId, bool withInputsAndOutputs, CancellationToken cancellationToken);

    /// <summary>One page of runs matching the query, every filter applied by the backend.</summary>
    Task<RunStatePage> QueryAsync(RunQuery query, CancellationToken cancellationToken);

    /// <summary>Terminates an unfinished run (the backend does it asynchronously).</summary>
    Task TerminateAsync(string runId, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// The activity steps of an instance's history, oldest first; empty when it has none yet, null when the backend cannot
    /// read histories.
    /// </summary>
    Task<IReadOnlyList<TaskHistoryEvent>?> GetTaskHistoryAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Deletes a finished instance's state and history; true when there was one.</summary>
    Task<bool> PurgeInstanceAsync(string runId, CancellationToken cancellationToken);
}
