using Microsoft.Extensions.Logging;
using Tributary.Host.Runtime;
using Tributary.Pipeline.Hosting;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Serve;

/// <summary>The running pipeline of one host: its ports, its workloads and the Durable Task Framework worker that runs them.</summary>
public sealed class PipelineRuntime : IAsyncDisposable
{
    private DurableTaskRuntime? _durable;
    private RunService? _runs;
    private bool _disposed;

    public PipelineRuntime(
        PipelineBackend backend, HostSettings settings, Func<PipelineServices, IEnumerable<IWorkload>> workloads, TimeProvider? time = null, ILoggerFactory? logs = null)
    {
        Backend = backend;
        Settings = settings;
        Time = time ?? TimeProvider.System;
        Journal = settings.ExecutionJournal is { } path ? new ExecutionJournal(path) : null;
        var parts = PipelineParts.Compose(
            new PipelineServices(backend.Blobs, backend.Documents, backend.Events, Time, Journal is null ? null : Journal.Append, logs), settings.Pipeline, workloads);
        Services = parts.Services;
        Workloads = parts.Workloads;
        Tasks = parts.Tasks;
    }

    public PipelineBackend Backend { get; }

    public HostSettings Settings { get; }

    public TimeProvider Time { get; }

    public PipelineServices Services { get; }

    /// <summary>Workloads by kind (`hpi`, `gen`, `recon`).</summary>
    public IReadOnlyDictionary<string, IWorkload> Workloads { get; }

    /// <summary>The orchestrators and activities this host runs.</summary>
    public WorkloadTasks Tasks { get; }

    /// <summary>The activity execution journal, when configured.</summary>
    public ExecutionJournal? Journal { get; }

    /// <summary>The run routes' logic over this host's task hub; available once <see cref="StartAsync"/> has run.</summary>
    public RunService Runs => _runs ?? throw new InvalidOperationException("the pipeline runtime has not started");

    /// <summary>Where run state lives.</summary>
    public string TaskHubDescription => _durable?.Description ?? "not started";

    /// <summary>Starts the Durable worker on the backend's storage account; unfinished runs continue.</summary>
    public async Task StartAsync(ILoggerFactory? loggerFactory = null)
    {
        _durable = (Backend.TaskHub, Backend.Storage) switch
        {
            ({ } taskHub, _) => await DurableTaskRuntime.StartAsync(
                taskHub(loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance), Tasks, "in-process task hub (nothing persists)", loggerFactory).ConfigureAwait(false),
            (null, { } storage) => await DurableTaskRuntime.StartOnStorageAsync(storage, Settings.Durable, Tasks, loggerFactory).ConfigureAwait(false),
            _ => throw new InvalidOperationException("the backend names neither a storage account nor a task hub"),
        };
        // Storage's "try again later" (ServerBusy, timeouts, a stopped emulator) reaches callers as 503 with Retry-After.
        _runs = new RunService(new Tributary.Storage.StorageAccount.TaskHubOverload(_durable.Client), Workloads, Services);
    }

    /// <summary>Stops the worker (unfinished runs stay in the task hub) and then the backend.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_durable is not null)
        {
            await _durable.DisposeAsync().ConfigureAwait(false);
        }

        Journal?.Dispose();
        await Backend.DisposeAsync().ConfigureAwait(false);
    }
}
