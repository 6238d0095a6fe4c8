using Microsoft.DurableTask;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Orchestration;

/// <summary>
/// Every orchestrator and activity of a set of workloads, by task name, each with a factory of the core class. Both hosts
/// register from this one list: the SDK's <see cref="DurableTaskRegistry"/> (Functions app, in-process test host) and the
/// Durable Task Framework's object creators (`tributary serve`).
/// </summary>
public sealed class WorkloadTasks
{
    private WorkloadTasks(IReadOnlyDictionary<string, Func<ITaskOrchestrator>> orchestrators, IReadOnlyDictionary<string, Func<ITaskActivity>> activities)
    {
        Orchestrators = orchestrators;
        Activities = activities;
    }

    /// <summary>Orchestrator factories by task name.</summary>
    public IReadOnlyDictionary<string, Func<ITaskOrchestrator>> Orchestrators { get; }

    /// <summary>Activity factories by task name.</summary>
    public IReadOnlyDictionary<string, Func<ITaskActivity>> Activities { get; }

    /// <summary>The tasks of the given workloads over the given ports.</summary>
    public static WorkloadTasks For(IEnumerable<IWorkload> workloads, PipelineServices services, PipelineOptions? options = null)
    {
        var settings = options ?? new PipelineOptions();
        var orchestrators = new Dictionary<string, Func<ITaskOrchestrator>>(StringComparer.Ordinal);
        var activities = new Dictionary<string, Func<ITaskActivity>>(StringComparer.Ordinal);
        foreach (var workload in workloads)
        {
            var kind = workload.Kind;
            orchestrators.Add(WorkloadTaskNames.Orchestrator(kind), () => new WorkloadOrchestrator(kind, settings));
            orchestrators.Add(WorkloadTaskNames.Partitions(kind), () => new PartitionBatchOrchestrator(kind, settings));
            activities.Add(WorkloadTaskNames.Plan(kind), () => new PlanActivity(workload, services, settings));
            activities.Add(WorkloadTaskNames.Partition(kind), () => new PartitionActivity(workload, services, settings));
            activities.Add(WorkloadTaskNames.Finalize(kind), () => new FinalizeActivity(workload, services, settings));
            activities.Add(WorkloadTaskNames.Quarantine(kind), () => new QuarantineActivity(services, settings, kind));
            activities.Add(WorkloadTaskNames.Failed(kind), () => new RunFailedActivity(kind, services));
            activities.Add(WorkloadTaskNames.RemoveStaging(kind), () => new RemoveStagingActivity(workload, services, settings));
        }

        return new WorkloadTasks(orchestrators, activities);
    }

    /// <summary>Registers every task with the SDK's registry.</summary>
    public void AddTo(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var (name, factory) in Orchestrators)
        {
            registry.AddOrchestrator(name, factory);
        }

        foreach (var (name, factory) in Activities)
        {
            registry.AddActivity(name, _ => factory());
        }
    }
}
