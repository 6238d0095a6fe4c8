using Microsoft.Extensions.Logging;
using Tributary.Host.Runtime;
using Tributary.Pipeline.Hosting;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Serve;

/// <summary>
/// The Durable Task Framework worker of one serve process and the run operations over its task hub, on the pipeline the
/// container composed (<see cref="PipelineServiceCollection.AddTributaryPipeline(Microsoft.Extensions.DependencyInjection.IServiceCollection, PipelineOptions, Func{PipelineServices, IEnumerable{IWorkload}}?)"/>).
/// It owns the backend: the container disposes the runtime, and the runtime closes the backend.
/// </summary>
public sealed class PipelineRuntime(PipelineBackend backend, TaskHubSettings durable, PipelineParts parts) : IAsyncDisposable
{
    private DurableTaskRuntime? _durable;
    private RunService? _runs;
    private bool _disposed;

    /// <summary>The stores and checks the pipeline runs on.</summary>
    public PipelineBackend Backend { get; } = backend;

    /// <summary>The ports the workloads run on.</summary>
    public PipelineServices Services => parts.Services;

    /// <summary>The run operations over this host's task hub; available once <see cref="StartAsync"/> has run (hosted services start before the API listens).</summary>
    public RunService Runs => _runs ?? throw new InvalidOperationException("the pipeline runtime has not started");

    /// <summary>Where run state lives.</summary>
    public string TaskHubDescription => _durable?.Description ?? "not started";

    /// <summary>Starts the Durable worker on the backend's storage account; unfinished runs continue.</summary>
    public async Task StartAsync(ILoggerFactory? loggerFactory = null)
    {
        _durable = (Backend.TaskHub, Backend.Storage) switch
        {
            ({ } taskHub, _) => await DurableTaskRuntime.StartAsync(
                taskHub(loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance), parts.Tasks, "in-process task hub (nothing persists)", loggerFactory).ConfigureAwait(false),
            (null, { } storage) => await DurableTaskRuntime.StartOnStorageAsync(storage, durable, parts.Tasks, loggerFactory).ConfigureAwait(false),
            _ => throw new InvalidOperationException("the backend names neither a storage account nor a task hub"),
        };
        _runs = new RunService(_durable.Client, parts.Workloads, parts.Services);
    }

    /// <summary>Stops the Durable worker; unfinished runs stay in the task hub for the next start. The backend stays open.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _durable, null) is { } durable)
        {
            await durable.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops the worker if it still runs, then closes the backend. The service container that created this runtime calls it
    /// when the application is disposed: it is the backend's one owner.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync().ConfigureAwait(false);
        await Backend.DisposeAsync().ConfigureAwait(false);
    }
}
