using Microsoft.DurableTask.Client;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;

namespace Tributary.Functions.Runs;

/// <summary>
/// Builds core's <see cref="RunService"/> over the invocation's <c>[DurableClient]</c>. The client is bound per invocation
/// by the extension, so the service is made per call; what they share is the process's run index (one build per worker).
/// </summary>
public sealed class RunServices(IReadOnlyDictionary<string, IWorkload> workloads, PipelineServices services)
{
    /// <summary>The workloads by kind.</summary>
    public IReadOnlyDictionary<string, IWorkload> Workloads => workloads;

    /// <summary>The ports the workloads run on.</summary>
    public PipelineServices Services => services;

    private readonly RunIndex _index = new(services.Blobs);

    /// <summary>The run logic over this client (its host overloaded or out of reach: 503, <see cref="DurableClientOverload"/>).</summary>
    public RunService For(DurableTaskClient client) => new(new DurableClientOverload(new DurableTaskRunClient(client)), workloads, services, _index);
}
