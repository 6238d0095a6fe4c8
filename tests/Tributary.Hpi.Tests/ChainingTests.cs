using Tributary.Hpi.Calculation;
using Tributary.Hpi.Chaining;
using Tributary.Hpi.Weighting;

namespace Tributary.Hpi.Tests;

/// <summary>Chaining arithmetic, rebasing and the national merge.</summary>
public sealed class ChainingTests
{
    [Fact]
    public void Levels_are_the_running_product_of_exp_appreciation()
    {
        var p = new Dictionary<int, double> { [2001] = 0.1, [2002] = -0.05, [2003] = 0.2 };
        var points = IndexChain.Chain(2000, 2003, y => p[y]);
        Assert.Equal([1.0, Math.Exp(0.1), Math.Exp(0.1) * Math.Exp(-0.05), Math.Exp(0.1) * Math.Exp(-0.05) * Math.Exp(0.2)],
            points.Select(x => x.Level));
        Assert.Equal([null, 0.1, -0.05, 0.2], points.Select(x => x.Appreciation));
    }

    [Fact]
    public void The_chain_stops_at_a_year_without_an_estimate()
    {
        var points = IndexChain.Chain(2000, 2003, y => y == 2002 ? double.NaN : 0.1);
        Assert.Equal([2000, 2001], points.Select(x => x.Year));
    }

    [Fact]
    public void Rebasing_puts_100_at_the_base_year_and_defaults_to_the_first_year()
    {
        var points = IndexChain.Chain(2000, 2002, _ => 0.1);
        Assert.Equal([100, 100 * Math.Exp(0.1), 100 * Math.Exp(0.2)], IndexChain.Rebase(points, null)!.Select(r => r.Index), new Tolerance());
        Assert.Equal([100 / Math.Exp(0.1), 100, 100 * Math.Exp(0.1)], IndexChain.Rebase(points, 2001)!.Select(r => r.Index), new Tolerance());
        Assert.Null(IndexChain.Rebase(points, 1999));
    }

    [Fact]
    public void National_appreciation_is_total_weighted_appreciation_over_total_measure()
    {
        NationalContribution[] contributions =
        [
            new("20000", 2011, WeightingScheme.Unit, 3 * 0.3, 3),
            new("10000", 2011, WeightingScheme.Unit, 1 * 0.1, 1),
            new("10000", 2012, WeightingScheme.Unit, 2 * -0.1, 2),
        ];
        var unit = NationalIndex.Compute(contributions).Single(s => s.Weighting == WeightingScheme.Unit).Points;
        Assert.Equal([2010, 2011, 2012], unit.Select(p => p.Year));
        Assert.Equal((0.1 + 0.9) / 4, unit[1].Appreciation!.Value, 15);
        Assert.Equal(-0.1, unit[2].Appreciation!.Value, 15);
        Assert.Equal(Math.Exp(0.25) * Math.Exp(-0.1), unit[2].Level, 15);
    }

    private sealed class Tolerance : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;

        public int GetHashCode(double obj) => 0;
    }
}
