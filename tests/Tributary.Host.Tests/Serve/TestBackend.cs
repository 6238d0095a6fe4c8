using Microsoft.DurableTask.Testing.Sidecar;
using Tributary.Host.Serve;
using Tributary.Pipeline.InMemory;

namespace Tributary.Host.Tests.Serve;

/// <summary>Backends for the fast in-process host tests: no emulators, run state in the SDK test host's memory service.</summary>
internal static class TestBackend
{
    /// <summary>Blobs, documents, events and the task hub all in process memory; nothing survives the test.</summary>
    public static PipelineBackend InMemory() =>
        new(
            "in-memory (tests)",
            null,
            new InMemoryBlobStore(),
            new InMemoryDocumentStore(),
            new InMemoryRunEventPublisher(),
            [],
            taskHub: logs => new Tributary.Testing.HistoryKeepingOrchestrationService(logs));
}
