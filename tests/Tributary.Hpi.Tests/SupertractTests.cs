using Tributary.Hpi.Calculation;
using Tributary.Hpi.Supertracts;

namespace Tributary.Hpi.Tests;

/// <summary>Supertract merging by nearest centroid until every unit has the threshold in t and in t−1.</summary>
public sealed class SupertractTests
{
    private static SupertractPartition Build(double[] lat, int[] countT, int[] countP, int threshold = 40) =>
        SupertractBuilder.Build(lat, new double[lat.Length], countT, countP, threshold);

    [Fact]
    public void Valid_tracts_stand_alone_and_short_ones_join_their_nearest_neighbour()
    {
        // A valid; B short, next to A; C short, next to D; D short in t−1 only.
        var p = Build([0, 0.01, 1, 1.02], countT: [50, 10, 30, 45], countP: [50, 10, 30, 15]);
        Assert.True(p.Reached);
        Assert.Equal([[0, 1], [2, 3]], p.Members);
        Assert.Equal([0, 0, 1, 1], p.SupertractOf);
    }

    [Fact]
    public void The_threshold_is_needed_in_t_and_in_t_minus_one_and_is_inclusive()
    {
        Assert.Single(Build([0, 1], countT: [100, 40], countP: [39, 40]).Members);
        Assert.Equal(2, Build([0, 1], countT: [40, 40], countP: [40, 40]).Members.Count);
        Assert.Equal(2, Build([0, 1], countT: [3, 3], countP: [3, 3], threshold: 3).Members.Count);
    }

    [Fact]
    public void A_merged_unit_looks_for_its_next_neighbour_from_its_recomputed_centroid()
    {
        // X(0) and Y(1) merge first (X is the worst, Y its nearest). XY at 0.5 is still short: from 0.5, Z(1.9) is nearer
        // than W(−1.2); from X's own centroid W would have been nearer.
        var p = Build([0, 1, 1.9, -1.2], countT: [10, 10, 100, 45], countP: [10, 10, 100, 45]);
        Assert.Equal([[0, 1, 2], [3]], p.Members);
    }

    [Fact]
    public void A_cbsa_that_cannot_reach_the_threshold_has_no_estimate()
    {
        Assert.False(Build([0, 1, 2], countT: [10, 10, 10], countP: [10, 10, 19]).Reached);
    }

    [Fact]
    public void The_calculator_reports_years_where_the_whole_cbsa_is_short()
    {
        // One tract, 2 pairs 2010→2011 and 45 pairs 2011→2012: 2011 has 47 half-pairs but 2010 only 2, 2012 has 45.
        var pairs = Enumerable.Repeat((0, "2010-06-01", "2011-06-01", 100.0, 105.0), 2)
            .Concat(Enumerable.Repeat((0, "2011-06-01", "2012-06-01", 100.0, 103.0), 45));
        var result = CbsaIndexCalculator.Compute(HandMarket.Market([HandMarket.Tract("01001000100")], pairs), HpiParameters.Default);
        Assert.Equal([2011], result.Diagnostics.YearsWithoutEstimate);
        // The chain cannot pass a year without an estimate: only the start year is reported.
        Assert.Single(result.For(Weighting.WeightingScheme.Sample).Points);
    }
}
