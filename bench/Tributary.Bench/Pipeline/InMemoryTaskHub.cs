using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging.Abstractions;
using Tributary.Host.Runtime;
using Tributary.Pipeline.Orchestration;

namespace Tributary.Bench.Pipeline;

/// <summary>The self-hosted worker with run state in the SDK test host's memory service: the baseline that prices Azure Storage.</summary>
internal static class InMemoryTaskHub
{
    public static Task<DurableTaskRuntime> StartAsync(WorkloadTasks tasks) =>
        DurableTaskRuntime.StartAsync(new InMemoryOrchestrationService(NullLoggerFactory.Instance), tasks, "in-memory task hub (benchmark baseline)", null);
}
