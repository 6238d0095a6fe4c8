using Tributary.Pipeline.Orchestration;

namespace Tributary.Pipeline.Workloads;

/// <summary>How the partitioned orchestrations fan out and retry.</summary>
public sealed record PipelineOptions
{
    /// <summary>Partition activities one run keeps in flight (the engine's worker pool bounds all runs together).</summary>
    public int MaxPartitionsInFlight { get; init; } = 64;

    /// <summary>Above this many partitions the run fans out through child orchestrations, so no history grows past it.</summary>
    public int SubOrchestrationThreshold { get; init; } = 1000;

    /// <summary>Partitions per child orchestration when fanning out through children.</summary>
    public int PartitionsPerChild { get; init; } = 500;

    /// <summary>Retry of the plan and finalize steps.</summary>
    public RetrySchedule StepRetry { get; init; } = new(3, TimeSpan.FromMilliseconds(500), 2.0, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));

    /// <summary>Retry of each partition.</summary>
    public RetrySchedule PartitionRetry { get; init; } = new(4, TimeSpan.FromMilliseconds(500), 2.0, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10));

    /// <summary>
    /// How long a run's plan waits for required files of its source folder that are not there yet (a manifest uploaded before
    /// its data), polling every <see cref="MissingFilePoll"/>; then the run fails naming them and a drop is quarantined.
    /// </summary>
    public TimeSpan MissingFileWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the plan looks again for missing required files.</summary>
    public TimeSpan MissingFilePoll { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a running activity looks whether its run was terminated (<see cref="Runs.RunStops"/>), and stops if so.</summary>
    public TimeSpan StopPoll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Container that receives rejected drops with their error report.</summary>
    public string QuarantineContainer { get; init; } = Quarantine.DefaultContainer;
}
