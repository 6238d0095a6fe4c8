using System.Globalization;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Orchestration;

/// <summary>
/// The tags a partition task is scheduled with. Durable histories keep a scheduled task's tags but not its input, so these
/// are how the run's partition timeline (<see cref="Runs.PartitionTimeline"/>) knows which partition each attempt was.
/// </summary>
public static class PartitionTags
{
    /// <summary>The partition's index in the run's plan.</summary>
    public const string Index = "tributary.partition";

    /// <summary>The partition's id in the plan.</summary>
    public const string Id = "tributary.partition.id";

    /// <summary>The tags of partition <paramref name="index"/>.</summary>
    public static Dictionary<string, string> Of(int index, PartitionRef partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Index] = index.ToString(CultureInfo.InvariantCulture),
            [Id] = partition.Id,
        };
    }
}
