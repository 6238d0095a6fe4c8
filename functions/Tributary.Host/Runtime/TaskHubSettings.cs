using Tributary.Pipeline.Hosting;
using Tributary.Pipeline.Settings;

namespace Tributary.Host.Runtime;

/// <summary>
/// How `tributary serve` runs its task hub (section `Tributary:Durable`). The tuning defaults are core's
/// <see cref="TaskHubTuning.SelfHosted"/>, beside the Functions app's host.json values (<see cref="TaskHubTuning.Functions"/>)
/// and why the two differ.
/// </summary>
public sealed record TaskHubSettings
{
    /// <summary>The task hub: its queues, tables and blob containers are named after it. Processes on one hub share its work.</summary>
    public string TaskHubName { get; init; } = "tributary";

    /// <summary>
    /// Control-queue partitions. Four lets up to four `serve` processes share orchestrations (each partition is leased by
    /// one process); more partitions only add polling load on one machine's Azurite.
    /// </summary>
    public int PartitionCount { get; init; } = TaskHubTuning.SelfHosted.PartitionCount;

    /// <summary>Activities one process runs at once. Partition work is CPU-bound, so a few per core.</summary>
    public int MaxConcurrentActivities { get; init; } = TaskHubTuning.SelfHosted.MaxConcurrentActivities;

    /// <summary>Orchestration episodes one process runs at once; episodes are short replays.</summary>
    public int MaxConcurrentOrchestrations { get; init; } = TaskHubTuning.SelfHosted.MaxConcurrentOrchestrations;

    /// <summary>
    /// Longest wait between queue polls when idle. The provider's default is 30 s, which makes a run's first step wait for
    /// up to that long; 1 s keeps a lone run responsive at the cost of a few idle polls a second.
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TaskHubTuning.SelfHosted.MaxQueuePollingInterval;

    /// <summary>
    /// How long a dequeued work item stays invisible to other workers. Locks are renewed while an item runs, so this is
    /// only how long an item of a killed process waits before another takes it: the default 5 minutes is far longer than a
    /// restart on one machine.
    /// </summary>
    public TimeSpan WorkItemVisibilityTimeout { get; init; } = TaskHubTuning.SelfHosted.WorkItemVisibilityTimeout;

    /// <summary>Extended sessions keep an orchestration in memory between episodes; measured no gain at this scale, so off.</summary>
    public bool ExtendedSessions { get; init; } = TaskHubTuning.SelfHosted.ExtendedSessions;

    /// <summary>
    /// This process's worker id for partition leases. A restarted process with the same id takes its leases back at once
    /// instead of waiting for them to expire; null derives one from the machine name and the data location.
    /// </summary>
    public string? WorkerId { get; init; }

    /// <summary>Reads `Tributary:Durable`; absent keys keep their defaults, unusable values are lines in <paramref name="values"/>.</summary>
    public static TaskHubSettings From(SettingValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        const string prefix = "Tributary:Durable:";
        var defaults = new TaskHubSettings();
        return defaults with
        {
            TaskHubName = values.Text(prefix + "TaskHubName") ?? defaults.TaskHubName,
            PartitionCount = values.PositiveInt(prefix + "PartitionCount") ?? defaults.PartitionCount,
            MaxConcurrentActivities = values.PositiveInt(prefix + "MaxConcurrentActivities") ?? defaults.MaxConcurrentActivities,
            MaxConcurrentOrchestrations = values.PositiveInt(prefix + "MaxConcurrentOrchestrations") ?? defaults.MaxConcurrentOrchestrations,
            MaxQueuePollingInterval = values.PositiveTime(prefix + "MaxQueuePollingInterval") ?? defaults.MaxQueuePollingInterval,
            WorkItemVisibilityTimeout = values.PositiveTime(prefix + "WorkItemVisibilityTimeout") ?? defaults.WorkItemVisibilityTimeout,
            ExtendedSessions = values.Bool(prefix + "ExtendedSessions") ?? defaults.ExtendedSessions,
            WorkerId = values.Text(prefix + "WorkerId") ?? defaults.WorkerId,
        };
    }
}
