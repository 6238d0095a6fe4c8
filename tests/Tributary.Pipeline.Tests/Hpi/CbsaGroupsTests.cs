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
}
