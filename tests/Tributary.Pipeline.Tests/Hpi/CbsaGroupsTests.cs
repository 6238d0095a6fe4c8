using Tributary.Pipeline.Hpi;

namespace Tributary.Pipeline.Tests.Hpi;

public sealed class CbsaGroupsTests
{
    [Fact]
    public void Cbsas_are_packed_into_at_most_the_asked_groups_with_similar_loads_and_none_lost()
    {
        long[] weights = [900, 100, 100, 450, 450, 300, 300, 300, 10];

        var groups = CbsaGroups.Balance(weights, 3);

        Assert.Equal(3, groups.Count);
        Assert.Equal(Enumerable.Range(0, weights.Length), groups.SelectMany(g => g).Order());
        var loads = groups.Select(g => g.Sum(i => weights[i])).ToList();
        Assert.True(loads.Max() <= Math.Max(weights.Max(), 1.1 * weights.Sum() / 3.0), string.Join(", ", loads));
        Assert.Equal(groups, CbsaGroups.Balance(weights, 3));
    }

    [Fact]
    public void Fewer_cbsas_than_groups_gives_one_group_each_in_order()
    {
        var groups = CbsaGroups.Balance([5, 50, 7], CbsaGroups.DefaultPartitions);

        Assert.Equal([[0], [1], [2]], groups.Select(g => g.ToArray()).ToArray());
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(40_000, 1)]           // one small partition: not worth two activities
    [InlineData(120_000, 3)]          // one more while there are 50,000 pairs for each started one
    [InlineData(300_000, 4)]          // both cores busy to the end
    [InlineData(1_181_771, 5)]        // the bench's 120 CBSAs: a quarter of a million pairs each
    [InlineData(10_000_000, 40)]
    [InlineData(62_900_000, 64)]      // the nation: the ceiling, as before
    public void A_run_that_names_no_partition_count_gets_one_by_its_pairs(long pairs, int partitions)
    {
        Assert.Equal(partitions, CbsaGroups.DefaultFor(pairs));
    }
}
