using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Serve;

/// <summary>The running pipeline of one host: its ports, its workloads and the durable engine that runs them.</summary>
public sealed class PipelineRuntime : IAsyncDisposable
{
    public PipelineRuntime(PipelineBackend backend, HostSettings settings, Func<PipelineServices, IEnumerable<IWorkload>> workloads, TimeProvider? time = null)
    {
        Backend = backend;
        Settings = settings;
        Time = time ?? TimeProvider.System;
        Services = new PipelineServices(backend.Blobs, backend.Documents, backend.Events, Time);
        Workloads = workloads(Services).ToDictionary(w => w.Kind, StringComparer.Ordinal);
        var registry = new DurableRegistry();
        foreach (var workload in Workloads.Values)
        {
            registry.AddWorkload(workload, Services);
        }

        Journal = settings.ExecutionJournal is { } path ? new ExecutionJournal(path) : null;
        Engine = new DurableEngine(backend.Instances, registry, new DurableEngineOptions
        {
            MaxConcurrentActivities = settings.MaxConcurrentActivities,
            ActivityStarting = Journal is null ? null : Journal.Append,
            InstanceFinished = PublishUnsuccessfulAsync,
        }, Time);
    }

    public PipelineBackend Backend { get; }

    public HostSettings Settings { get; }

    public TimeProvider Time { get; }

    public PipelineServices Services { get; }

    /// <summary>Workloads by kind (`hpi`, `gen`, `recon`).</summary>
    public IReadOnlyDictionary<string, IWorkload> Workloads { get; }

    public DurableEngine Engine { get; }

    /// <summary>The activity execution journal, when configured.</summary>
    public ExecutionJournal? Journal { get; }

    /// <summary>Stops the engine (unfinished runs stay resumable) and then the backend.</summary>
    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync().ConfigureAwait(false);
        Journal?.Dispose();
        await Backend.DisposeAsync().ConfigureAwait(false);
    }

    // Completed runs publish from their finalize activity; failures and terminations are published here.
    private Task PublishUnsuccessfulAsync(InstanceState state, CancellationToken cancellationToken) =>
        state.Status == RuntimeStatus.Completed || !Workloads.ContainsKey(state.Kind)
            ? Task.CompletedTask
            : Backend.Events.PublishAsync(
                new Pipeline.Ports.RunEvent(state.Id, state.Kind, state.Status.ToString(), DurableJson.Serialize(state.Failure), Time.GetUtcNow()),
                cancellationToken);
}
