using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Settings;

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

    /// <summary>
    /// Reads the settings both hosts share (`Tributary:MissingFileWait`, `Tributary:Pipeline:MaxPartitionsInFlight`,
    /// `:SubOrchestrationThreshold`, `:PartitionsPerChild`); absent keys keep their defaults, unusable values are lines in
    /// <paramref name="values"/>.
    /// </summary>
    public static PipelineOptions From(SettingValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        const string prefix = "Tributary:Pipeline:";
        var defaults = new PipelineOptions();
        var options = defaults with
        {
            MissingFileWait = values.PositiveTime("Tributary:MissingFileWait") ?? defaults.MissingFileWait,
            MaxPartitionsInFlight = values.PositiveInt(prefix + "MaxPartitionsInFlight") ?? defaults.MaxPartitionsInFlight,
            SubOrchestrationThreshold = values.PositiveInt(prefix + "SubOrchestrationThreshold") ?? defaults.SubOrchestrationThreshold,
            PartitionsPerChild = values.PositiveInt(prefix + "PartitionsPerChild") ?? defaults.PartitionsPerChild,
        };

        // A child orchestration holds up to PartitionsPerChild partitions in its history: more than the threshold would let a
        // child's history grow past what the threshold promises.
        if (options.PartitionsPerChild > options.SubOrchestrationThreshold)
        {
            values.Fail(prefix + "PartitionsPerChild", $"{options.PartitionsPerChild} is above SubOrchestrationThreshold ({options.SubOrchestrationThreshold}); a child holds at most that many partitions");
        }

        return options;
    }
}
