namespace Tributary.Pipeline.Hosting;

/// <summary>
/// How a host's Durable task hub polls, leases and runs work: the settings both hosts have (serve's `Tributary:Durable:*`,
/// the Functions app's host.json `extensions.durableTask`), with each host's values in one place. They differ on purpose,
/// and a test holds host.json to <see cref="Functions"/> and serve's defaults to <see cref="SelfHosted"/>.
/// </summary>
/// <param name="PartitionCount">Control-queue partitions: how many processes can share orchestrations (host.json `storageProvider.partitionCount`).</param>
/// <param name="MaxQueuePollingInterval">Longest idle wait between queue polls (`storageProvider.maxQueuePollingInterval`).</param>
/// <param name="WorkItemVisibilityTimeout">How long a dequeued item stays invisible, i.e. how long a dead worker's item waits (`storageProvider.workItemQueueVisibilityTimeout`).</param>
/// <param name="MaxConcurrentActivities">Activities one process runs at once (`maxConcurrentActivityFunctions`).</param>
/// <param name="MaxConcurrentOrchestrations">Orchestration episodes one process runs at once (`maxConcurrentOrchestratorFunctions`).</param>
/// <param name="ExtendedSessions">Keep orchestrations in memory between episodes (`extendedSessionsEnabled`).</param>
public sealed record TaskHubTuning(
    int PartitionCount,
    TimeSpan MaxQueuePollingInterval,
    TimeSpan WorkItemVisibilityTimeout,
    int MaxConcurrentActivities,
    int MaxConcurrentOrchestrations,
    bool ExtendedSessions)
{
    /// <summary>
    /// `tributary serve` on one machine: a 1 s poll keeps a lone run responsive (idle polls of a local Azurite cost nothing);
    /// a killed process restarts on the same machine, so its items need wait only 30 s; partition work is CPU-bound, so a
    /// few activities per core.
    /// </summary>
    public static TaskHubTuning SelfHosted { get; } = new(
        4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), Math.Max(4, Environment.ProcessorCount * 4), Math.Max(4, Environment.ProcessorCount * 2), false);

    /// <summary>
    /// The Functions app on Flex Consumption: every idle poll of every instance is a billed storage transaction, so 5 s; an
    /// instance scaled in mid-item is gone rather than restarting, and a 5-minute lease outlives the platform's drain;
    /// the platform scales out by instances, so 4 of each per instance.
    /// </summary>
    public static TaskHubTuning Functions { get; } = new(4, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), 4, 4, false);
}
