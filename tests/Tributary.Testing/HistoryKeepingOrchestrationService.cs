using System.Collections.Concurrent;
using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging;

namespace Tributary.Testing;

/// <summary>
/// The SDK's in-memory orchestration service, which cannot read histories (it throws NotImplementedException), with the
/// history each orchestration episode leaves behind kept and served as the Azure Storage provider serves it: a JSON array
/// of history events. Lets in-process tests read a run's partition timeline (in Tributary.Testing).
/// </summary>
public sealed class HistoryKeepingOrchestrationService(ILoggerFactory? loggerFactory = null)
    : InMemoryOrchestrationService(loggerFactory), IOrchestrationService, IOrchestrationServiceClient
{
    private readonly ConcurrentDictionary<string, string> _histories = new(StringComparer.Ordinal);

    /// <summary>Records the episode's whole history, then completes it as the base service does.</summary>
    public new Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        ArgumentNullException.ThrowIfNull(newOrchestrationRuntimeState);
        _histories[workItem.InstanceId] = Newtonsoft.Json.JsonConvert.SerializeObject(newOrchestrationRuntimeState.Events);
        return base.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    /// <summary>The instance's history as its last episode left it ("[]" when it has run none).</summary>
    public new Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) =>
        Task.FromResult(_histories.TryGetValue(instanceId, out var history) ? history : "[]");
}
