namespace Tributary.Abstractions.Performance;

/// <summary>
/// How many partitions a run gets when it names none, from the amount of work it holds (recon's records of the larger
/// side, hpi's repeat-sale pairs): one per <see cref="WorkPerPartition"/>, so a partition is worth its activity and staged
/// blobs and fits a small instance; at least <see cref="ParallelPartitions"/> while there is
/// <see cref="MinWorkPerPartition"/> for each started one, so a run keeps several cores or instances busy; at most
/// <see cref="MaxDefaultPartitions"/>. 20,000: 1; 100,000: 2; 200,000 to 1,000,000: 4; 2,000,000: 8; 10,000,000: 40.
/// </summary>
public static class PartitionSizing
{
    /// <summary>The work a default partition is sized for.</summary>
    public const long WorkPerPartition = 250_000;

    /// <summary>Below this much work a partition of its own costs more than it saves.</summary>
    public const long MinWorkPerPartition = 50_000;

    /// <summary>Partitions a run of a few hundred thousand still gets, so it runs on several cores or instances at once.</summary>
    public const int ParallelPartitions = 4;

    /// <summary>The most partitions a run gets by default (explicit counts may go higher).</summary>
    public const int MaxDefaultPartitions = 64;

    /// <summary>
    /// The most input bytes a run that names no partition count computes in one direct partition, reading its inputs itself
    /// instead of having the plan stage them (recon and hpi): below it staging costs more than the work it spreads. 256 MiB
    /// keeps a direct recon partition near 1 GB of memory and a direct hpi partition to a few CPU-seconds, which a retried
    /// attempt redoes whole (ReconciliationPlanner and HpiWorkload say how each was measured).
    /// </summary>
    public const long MaxDirectInputBytes = 256L << 20;

    /// <summary>The partition count for <paramref name="work"/> units of work.</summary>
    public static int For(long work)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(work);
        var bySize = (work + WorkPerPartition - 1) / WorkPerPartition;
        var forParallelism = Math.Min(ParallelPartitions, (work + MinWorkPerPartition - 1) / MinWorkPerPartition);
        return (int)Math.Clamp(Math.Max(bySize, forParallelism), 1, MaxDefaultPartitions);
    }
}
