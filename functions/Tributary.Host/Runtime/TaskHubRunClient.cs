using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.Query;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Telemetry;
using Tributary.Pipeline.Workloads;
using CoreStatus = DurableTask.Core.OrchestrationStatus;
using FailureDetails = Tributary.Pipeline.Runs.FailureDetails;

namespace Tributary.Host.Runtime;

/// <summary><see cref="IRunClient"/> over DurableTask.Core's <see cref="TaskHubClient"/> and the provider's query and purge clients.</summary>
public sealed class TaskHubRunClient(TaskHubClient client, IOrchestrationService service) : IRunClient
{
    // Every status: an id that was ever used is never started again (starts are idempotent, re-runs use new ids).
    private static readonly CoreStatus[] AnyStatus = Enum.GetValues<CoreStatus>();

    /// <inheritdoc />
    public async Task<bool> StartIfAbsentAsync(string kind, string runId, RunRequest request, CancellationToken cancellationToken)
    {
        try
        {
            // The run records the trace it starts in (its input's traceparent); DurableTask.Core carries the context itself.
            await client.CreateOrchestrationInstanceAsync(WorkloadTaskNames.Orchestrator(kind), string.Empty, runId, RunTraces.Stamp(request), null, AnyStatus).ConfigureAwait(false);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<RunState?> GetAsync(string runId, bool withInputsAndOutputs, CancellationToken cancellationToken)
    {
        var state = await client.GetOrchestrationStateAsync(runId).ConfigureAwait(false);
        return state is null ? null : ToState(state);
    }

    /// <inheritdoc />
    public async Task<RunStatePage> QueryAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var condition = new OrchestrationQuery
        {
            RuntimeStatus = query.Statuses?.SelectMany(RuntimeStatusNames.ToRuntime<CoreStatus>).ToList(),
            CreatedTimeFrom = query.CreatedFrom?.UtcDateTime,
            CreatedTimeTo = query.CreatedTo?.UtcDateTime,
            InstanceIdPrefix = query.IdPrefix,
            PageSize = query.PageSize,
            ContinuationToken = query.ContinuationToken,
            FetchInputsAndOutputs = query.WithInputsAndOutputs,
        };
        var result = await ((IOrchestrationServiceQueryClient)service).GetOrchestrationWithQueryAsync(condition, cancellationToken).ConfigureAwait(false);
        return new RunStatePage(
            result.OrchestrationState.Select(ToState).ToList(),
            string.IsNullOrEmpty(result.ContinuationToken) ? null : result.ContinuationToken);
    }

    /// <inheritdoc />
    public Task TerminateAsync(string runId, string reason, CancellationToken cancellationToken) =>
        client.TerminateInstanceAsync(new OrchestrationInstance { InstanceId = runId }, reason);

    /// <inheritdoc />
    public async Task<IReadOnlyList<TaskHistoryEvent>?> GetTaskHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        // The history of the instance's current execution (its execution id comes with its state).
        var state = await client.GetOrchestrationStateAsync(instanceId).ConfigureAwait(false);
        if (state is null)
        {
            return [];
        }

        try
        {
            return TaskHistoryJson.Parse(await client.GetOrchestrationHistoryAsync(state.OrchestrationInstance).ConfigureAwait(false));
        }
        catch (NotSupportedException)
        {
            return null;
        }
        catch (NotImplementedException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<bool> PurgeInstanceAsync(string runId, CancellationToken cancellationToken) =>
        (await ((IOrchestrationServicePurgeClient)service).PurgeInstanceStateAsync(runId).ConfigureAwait(false)).DeletedInstanceCount > 0;

    /// <summary>A run's state from the framework's orchestration state.</summary>
    public static RunState ToState(OrchestrationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var failure = state.FailureDetails is { } f
            ? new FailureDetails(f.ErrorType, f.ErrorMessage, f.StackTrace)
            : state.OrchestrationStatus == CoreStatus.Failed ? FailureFromOutput(state.Output) : null;
        return new RunState(
            state.OrchestrationInstance.InstanceId,
            state.Name,
            RuntimeStatusNames.FromRuntime(state.OrchestrationStatus),
            state.Input,
            state.Output,
            state.Status,
            failure,
            new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
            new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)));
    }

    // The Azure Storage provider keeps a failed instance's FailureDetails as its output (JSON), not in the state's property.
    private static FailureDetails FailureFromOutput(string? output)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(output ?? "null");
            var root = json.RootElement;
            if (root.ValueKind == System.Text.Json.JsonValueKind.Object
                && root.TryGetProperty("ErrorType", out var type) && root.TryGetProperty("ErrorMessage", out var message))
            {
                return new FailureDetails(type.GetString() ?? "unknown", message.GetString() ?? string.Empty, root.TryGetProperty("StackTrace", out var stack) ? stack.GetString() : null);
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        // Otherwise it is the exception's text, "Type: message" (shown to people only; no decision is taken on it).
        var text = output ?? "the run failed without details";
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !text[..colon].Contains(' ', StringComparison.Ordinal)
            ? new FailureDetails(text[..colon], text[(colon + 2)..])
            : new FailureDetails("unknown", text);
    }
}
