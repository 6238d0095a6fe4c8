using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Ports;
using Tributary.Storage.StorageAccount;

namespace Tributary.Host.Serve;

/// <summary>The ports a host runs on (Azure/emulators or memory), the checks of each dependency, and what to stop on exit.</summary>
/// <param name="storage">The storage account the task hub lives in; null runs the task hub in process memory.</param>
public sealed class PipelineBackend(
    string description,
    StorageSettings? storage,
    IBlobStore blobs,
    IDocumentStore documents,
    IRunEventPublisher events,
    IReadOnlyList<DependencyCheck> checks,
    Func<ValueTask>? dispose = null) : IAsyncDisposable
{
    /// <summary>Where the data lives, for logs and the health page.</summary>
    public string Description { get; } = description;

    /// <summary>The storage account of the Durable task hub (Azurite or Azure), or null for memory.</summary>
    public StorageSettings? Storage { get; } = storage;

    public IBlobStore Blobs { get; } = blobs;

    public IDocumentStore Documents { get; } = documents;

    public IRunEventPublisher Events { get; } = events;

    /// <summary>One probe per dependency, run by GET /api/health.</summary>
    public IReadOnlyList<DependencyCheck> Checks { get; } = checks;

    /// <summary>Everything in process memory: nothing survives a restart. For tests and a quick look without emulators.</summary>
    public static PipelineBackend InMemory() =>
        new("in-memory (nothing persists)", null, new InMemoryBlobStore(), new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), []);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => dispose?.Invoke() ?? ValueTask.CompletedTask;
}

/// <summary>A named probe of one dependency; throws when the dependency is not usable.</summary>
public sealed record DependencyCheck(string Name, string Target, Func<CancellationToken, Task> Probe);
