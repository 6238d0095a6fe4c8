using Tributary.Abstractions.Performance;

namespace Tributary.Pipeline.Hpi;

/// <summary>
/// Packs CBSAs into at most a given number of partitions of similar work (repeat-sale pairs), so that a national run
/// of 581 CBSAs costs tens of activities, not hundreds: on the Azure Storage backend each activity costs some tens of
/// milliseconds of orchestration. Supertracts never cross a CBSA, so each CBSA is still computed alone, bit for bit.
/// </summary>
public static class CbsaGroups
{
    /// <summary>The most partitions a run gets by default: enough to spread a national run over instances, few enough to be cheap.</summary>
    public const int DefaultPartitions = PartitionSizing.MaxDefaultPartitions;

    /// <summary>
    /// The partition count of a run that names none, sized by its pairs as recon sizes buckets by records
    /// (<see cref="PartitionSizing"/>): 120 CBSAs of 1.2M pairs get 5 partitions (they got 64, two CBSAs an activity); the
    /// nation's 63M pairs still get 64.
    /// </summary>
    public static int DefaultFor(long pairs) => PartitionSizing.For(pairs);

    /// <summary>The most partitions a run may ask for.</summary>
    public const int MaxPartitions = 1000;

    /// <summary>
    /// Groups item indices by weight, largest first into the lightest group (ties: lower group index), and returns the
    /// non-empty groups in order of their first item, each item list in input order. Deterministic for a given input.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<int>> Balance(IReadOnlyList<long> weights, int maxGroups)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroups, 1);
        var count = Math.Min(maxGroups, weights.Count);
        var loads = new long[count];
        var members = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        foreach (var item in Enumerable.Range(0, weights.Count).OrderByDescending(i => weights[i]).ThenBy(i => i))
        {
            var lightest = 0;
            for (var g = 1; g < count; g++)
            {
                if (loads[g] < loads[lightest])
                {
                    lightest = g;
                }
            }

            loads[lightest] += Math.Max(1, weights[item]);
            members[lightest].Add(item);
        }

        return members.Where(m => m.Count > 0).Select(m => (IReadOnlyList<int>)m.Order().ToList()).OrderBy(m => m[0]).ToList();
    }
}
