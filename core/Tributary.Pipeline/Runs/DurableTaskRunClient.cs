using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Runs;

/// <summary>
/// <see cref="IRunClient"/> over the Durable Task SDK's <see cref="DurableTaskClient"/>: the Functions app's
/// <c>[DurableClient]</c>, and the in-process test host of the SDK.
/// </summary>
public sealed class DurableTaskRunClient(DurableTaskClient client) : IRunClient
{
    /// <inheritdoc />
    public async Task<bool> StartIfAbsentAsync(string kind, string runId, RunRequest request, CancellationToken cancellationToken)
    {
        // Get-then-schedule: the SDK client has no create-if-absent on every backend. Two starts racing on one new id may
        // both schedule; the backend keeps one instance, and the workloads' idempotent activities make that harmless.
        if (await client.GetInstanceAsync(runId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(
            new TaskName(WorkloadTaskNames.Orchestrator(kind)), Telemetry.RunTraces.Stamp(request), new StartOrchestrationOptions(runId), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<RunState?> GetAsync(string runId, bool withInputsAndOutputs, CancellationToken cancellationToken)
    {
        var metadata = await client.GetInstanceAsync(runId, withInputsAndOutputs, cancellationToken).ConfigureAwait(false);
        return metadata is null ? null : ToState(metadata);
    }

    /// <inheritdoc />
    public async Task<RunStatePage> QueryAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new OrchestrationQuery
        {
            CreatedFrom = query.CreatedFrom,
            CreatedTo = query.CreatedTo,
            Statuses = query.Statuses?.SelectMany(RuntimeStatusNames.ToRuntime<OrchestrationRuntimeStatus>).ToList(),
            InstanceIdPrefix = query.IdPrefix,
            PageSize = query.PageSize,
            FetchInputsAndOutputs = query.WithInputsAndOutputs,
            ContinuationToken = query.ContinuationToken,
        };
        await foreach (var page in client.GetAllInstancesAsync(filter).AsPages(query.ContinuationToken, query.PageSize).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            return new RunStatePage(page.Values.Select(ToState).ToList(), string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return new RunStatePage([], null);
    }

    /// <inheritdoc />
    public Task TerminateAsync(string runId, string reason, CancellationToken cancellationToken) =>
        client.TerminateInstanceAsync(runId, reason, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<TaskHistoryEvent>?> GetTaskHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        IList<DurableTask.Core.History.HistoryEvent> history;
        try
        {
            history = await client.GetOrchestrationHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException)
        {
            return null;
        }

        var steps = new List<TaskHistoryEvent>();
        foreach (var step in history)
        {
            switch (step)
            {
                case DurableTask.Core.History.TaskScheduledEvent scheduled:
                    steps.Add(new TaskHistoryEvent(TaskHistoryKind.Scheduled, scheduled.EventId, scheduled.Name, scheduled.Tags is { } tags ? new Dictionary<string, string>(tags, StringComparer.Ordinal) : null, Utc(scheduled.Timestamp)));
                    break;
                case DurableTask.Core.History.TaskCompletedEvent completed:
                    steps.Add(new TaskHistoryEvent(TaskHistoryKind.Completed, completed.TaskScheduledId, null, null, Utc(completed.Timestamp)));
                    break;
                case DurableTask.Core.History.TaskFailedEvent failed:
                    steps.Add(new TaskHistoryEvent(TaskHistoryKind.Failed, failed.TaskScheduledId, null, null, Utc(failed.Timestamp), failed.FailureDetails?.ErrorMessage ?? failed.Reason));
                    break;
            }
        }

        return steps;
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    /// <inheritdoc />
    public async Task<bool> PurgeInstanceAsync(string runId, CancellationToken cancellationToken) =>
        (await client.PurgeInstanceAsync(runId, cancellationToken).ConfigureAwait(false)).PurgedInstanceCount > 0;

    /// <summary>A run's state from the SDK's metadata.</summary>
    public static RunState ToState(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var failure = metadata.FailureDetails is { } f ? new FailureDetails(f.ErrorType, f.ErrorMessage, f.StackTrace) : null;
        return new RunState(
            metadata.InstanceId,
            metadata.Name,
            RuntimeStatusNames.FromRuntime(metadata.RuntimeStatus),
            metadata.SerializedInput,
            metadata.SerializedOutput,
            metadata.SerializedCustomStatus,
            failure,
            metadata.CreatedAt,
            metadata.LastUpdatedAt);
    }
}
