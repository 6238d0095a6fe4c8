using DurableTask.Core;
using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Ports;
using Tributary.Storage.StorageAccount;

namespace Tributary.Host.Serve;

/// <summary>The ports a host runs on (Azure/emulators or memory), the checks of each dependency, and what to stop on exit.</summary>
/// <param name="storage">The storage account the task hub lives in; null only with <paramref name="taskHub"/>.</param>
/// <param name="taskHub">
/// Another orchestration service than the Azure Storage provider on <paramref name="storage"/>: tests pass the test host's
/// in-memory one, which the shipped tool does not reference.
/// </param>
public sealed class PipelineBackend(
    string description,
    StorageSettings? storage,
    IBlobStore blobs,
    IDocumentStore documents,
    IRunEventPublisher events,
    IReadOnlyList<DependencyCheck> checks,
    Func<ValueTask>? dispose = null,
    Func<ILoggerFactory, IOrchestrationService>? taskHub = null) : IAsyncDisposable
{
    /// <summary>Where the data lives, for logs and the health page.</summary>
    public string Description { get; } = description;

    /// <summary>The storage account of the Durable task hub (Azurite or Azure); null when <see cref="TaskHub"/> is set.</summary>
    public StorageSettings? Storage { get; } = storage;

    /// <summary>An orchestration service to use instead of the Azure Storage provider (tests only).</summary>
    public Func<ILoggerFactory, IOrchestrationService>? TaskHub { get; } = taskHub;

    public IBlobStore Blobs { get; } = blobs;

    public IDocumentStore Documents { get; } = documents;

    public IRunEventPublisher Events { get; } = events;

    /// <summary>One probe per dependency, run by GET /api/health.</summary>
    public IReadOnlyList<DependencyCheck> Checks { get; } = checks;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => dispose?.Invoke() ?? ValueTask.CompletedTask;
}

/// <summary>A named probe of one dependency; throws when the dependency is not usable.</summary>
public sealed record DependencyCheck(string Name, string Target, Func<CancellationToken, Task> Probe);
