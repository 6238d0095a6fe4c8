using Tributary.Hpi.Calculation;
using Tributary.Hpi.Input;
using Tributary.Hpi.Regression;
using Tributary.Hpi.Weighting;

namespace Tributary.Hpi.Tests;

/// <summary>BMN regression, weighting and chaining on markets small enough to work by hand.</summary>
public sealed class RegressionTests
{
    private static readonly HpiParameters One = HpiParameters.Default with { MinHalfPairs = 1 };

    [Fact]
    public void Two_period_market_gives_the_mean_log_price_change_under_every_weighting()
    {
        // With two periods BMN is the mean of log(P2/P1): (0.08 + 0.12) / 2 = 0.10.
        var market = HandMarket.Market([HandMarket.Tract("01001000100")],
        [
            (0, "2010-03-01", "2011-03-01", 100_000, 100_000 * Math.Exp(0.08)),
            (0, "2010-06-01", "2011-06-01", 200_000, 200_000 * Math.Exp(0.12)),
        ]);
        var result = CbsaIndexCalculator.Compute(market, One);
        foreach (var scheme in WeightingSchemes.All)
        {
            var points = result.For(scheme).Points;
            Assert.Equal([2010, 2011], points.Select(p => p.Year));
            Assert.Null(points[0].Appreciation);
            Assert.Equal(1.0, points[0].Level);
            Assert.Equal(0.10, points[1].Appreciation!.Value, 12);
            Assert.Equal(Math.Exp(0.10), points[1].Level, 12);
        }
    }

    [Fact]
    public void Three_periods_chain_the_yearly_differences_of_delta()
    {
        // Exact data: δ2011 = 0.1, δ2012 = 0.25. Pairs 2010→2011, 2011→2012 and 2010→2012 are all consistent.
        var market = HandMarket.Market([HandMarket.Tract("01001000100")],
        [
            (0, "2010-03-01", "2011-03-01", 100, 100 * Math.Exp(0.10)),
            (0, "2011-03-01", "2012-03-01", 100, 100 * Math.Exp(0.15)),
            (0, "2010-03-01", "2012-03-01", 100, 100 * Math.Exp(0.25)),
        ]);
        var points = CbsaIndexCalculator.Compute(market, One).For(WeightingScheme.Sample).Points;
        Assert.Equal(0.10, points[1].Appreciation!.Value, 12);
        Assert.Equal(0.15, points[2].Appreciation!.Value, 12);
        Assert.Equal(Math.Exp(0.25), points[2].Level, 12);
    }

    [Fact]
    public void Periods_without_sales_are_dropped_not_regularised()
    {
        // Sales only in 2010, 2012 and 2014: δ exists there; 2011 and 2013 are dropped (NaN), so p̂(2011) is not estimable.
        var xtx = new double[25];
        var xty = new double[5];
        var parent = new[] { 0, 1, 0, 3, 0 };
        void Pair(int a, int b, double y)
        {
            xtx[a * 5 + a]++; xtx[b * 5 + b]++; xtx[a * 5 + b]--; xtx[b * 5 + a]--; xty[b] += y; xty[a] -= y;
        }

        Pair(0, 2, 0.2);
        Pair(2, 4, 0.1);
        var solution = BmnRegression.Solve(xtx, xty, parent, 5);
        Assert.Equal(0.0, solution.Delta[0]);
        Assert.Equal(0.2, solution.Delta[2], 12);
        Assert.Equal(0.3, solution.Delta[4], 12);
        Assert.True(double.IsNaN(solution.Delta[1]) && double.IsNaN(solution.Delta[3]));
        Assert.True(double.IsNaN(solution.Appreciation(1)));
        Assert.True(double.IsNaN(solution.Appreciation(2)));
    }

    [Fact]
    public void Disconnected_spans_of_years_are_normalised_separately()
    {
        // 2010→2011 and 2012→2013 share no sale: each span gets δ = 0 at its start; p̂(2012) links nothing and is NaN.
        var market = HandMarket.Market([HandMarket.Tract("01001000100")],
        [
            (0, "2010-03-01", "2011-03-01", 100, 100 * Math.Exp(0.05)),
            (0, "2012-03-01", "2013-03-01", 100, 100 * Math.Exp(0.07)),
        ]);
        var points = CbsaIndexCalculator.Compute(market, One).For(WeightingScheme.Sample).Points;
        Assert.Equal([2010, 2011], points.Select(p => p.Year));
        Assert.Equal(0.05, points[1].Appreciation!.Value, 12);
    }

    [Fact]
    public void Each_weighting_uses_its_own_measure()
    {
        // Tract A (3 pairs, +0.1) and tract B (1 pair, +0.2), far apart so they never merge.
        var tracts = new[]
        {
            HandMarket.Tract("01001000100", lat: 40, units: 10, value: 1, upb: 1, college: 0.5, nonwhite: 0.2),
            HandMarket.Tract("01001000200", lat: 45, units: 30, value: 1, upb: 1, college: 0.1, nonwhite: 0.6),
        };
        var a = Enumerable.Repeat((0, "2010-03-01", "2011-03-01", 100.0, 100 * Math.Exp(0.1)), 3);
        var b = Enumerable.Repeat((1, "2010-03-01", "2011-03-01", 100.0, 100 * Math.Exp(0.2)), 1);
        // Time-varying measures for t−1 = 2010 override the static value/units/upb; 2011 rows must be ignored.
        TractYearMeasure[] years =
        [
            new(0, 2010, HousingUnits: 1, HousingValue: 100, Upb: 3), new(1, 2010, HousingUnits: 1, HousingValue: 300, Upb: 1),
            new(0, 2011, HousingUnits: 1000, HousingValue: 1000, Upb: 1000),
        ];
        var result = CbsaIndexCalculator.Compute(HandMarket.Market(tracts, a.Concat(b), years), One);
        double P(WeightingScheme s) => result.For(s).Points[1].Appreciation!.Value;
        Assert.Equal((6 * 0.1 + 2 * 0.2) / 8, P(WeightingScheme.Sample), 12);
        Assert.Equal((100 * 0.1 + 300 * 0.2) / 400, P(WeightingScheme.Value), 12);
        Assert.Equal((1 * 0.1 + 1 * 0.2) / 2, P(WeightingScheme.Unit), 12);
        Assert.Equal((3 * 0.1 + 1 * 0.2) / 4, P(WeightingScheme.Upb), 12);
        // College and nonwhite: share × static housing units (the population proxy).
        Assert.Equal((5 * 0.1 + 3 * 0.2) / 8, P(WeightingScheme.College), 12);
        Assert.Equal((2 * 0.1 + 18 * 0.2) / 20, P(WeightingScheme.Nonwhite), 12);
        // The contributions carry the same numerator and denominator.
        var value = result.Contributions.Single(c => c.Weighting == WeightingScheme.Value);
        Assert.Equal(2011, value.Year);
        Assert.Equal(100 * 0.1 + 300 * 0.2, value.WeightedAppreciation, 10);
        Assert.Equal(400.0, value.Measure);
    }

    [Fact]
    public void Tract_output_carries_its_supertract_appreciation()
    {
        // Tract B has no pairs; with a threshold of 2 it is merged into A and gets A's appreciation.
        var tracts = new[] { HandMarket.Tract("01001000100", lat: 40), HandMarket.Tract("01001000200", lat: 40.01) };
        var pairs = Enumerable.Repeat((0, "2010-03-01", "2011-03-01", 100.0, 100 * Math.Exp(0.1)), 2);
        var result = CbsaIndexCalculator.Compute(HandMarket.Market(tracts, pairs), HpiParameters.Default with { MinHalfPairs = 2 });
        var b = result.Tracts[1].Points[1];
        Assert.Equal("01001000100+1", b.SupertractId);
        Assert.Equal(0.1, b.Appreciation!.Value, 12);
    }
}

/// <summary>The hand-written Cholesky agrees with MathNet's on BMN systems.</summary>
public sealed class CholeskyTests
{
    [Fact]
    public void Hand_written_and_mathnet_solvers_give_the_same_deltas()
    {
        // A random BMN system: 25 periods, 400 pairs with random periods and log ratios.
        var random = new Random(3);
        const int T = 25;
        var xtx = new double[T * T];
        var xty = new double[T];
        var parent = Enumerable.Range(0, T).ToArray();
        for (var k = 0; k < 400; k++)
        {
            var a = random.Next(0, T - 1);
            var b = random.Next(a + 1, T);
            var y = random.NextDouble() - 0.3;
            xtx[a * T + a]++;
            xtx[b * T + b]++;
            xtx[a * T + b]--;
            xtx[b * T + a]--;
            xty[b] += y;
            xty[a] -= y;
            int ra = BmnRegression.Find(parent, a), rb = BmnRegression.Find(parent, b);
            parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }

        var hand = BmnRegression.Solve(xtx, xty, parent, T, CholeskySolver.HandWritten);
        var mathNet = BmnRegression.Solve(xtx, xty, parent, T, CholeskySolver.MathNet);
        Assert.Equal(0.0, hand.Delta[0]);
        Assert.Contains(hand.Delta, d => Math.Abs(d) > 0.01);
        for (var p = 0; p < T; p++)
        {
            Assert.Equal(mathNet.Delta[p], hand.Delta[p], 10);
        }
    }

    [Fact]
    public void A_matrix_that_is_not_positive_definite_is_refused()
    {
        double[] a = [1, 2, 2, 1];
        double[] b = [1, 1];
        Assert.False(DenseCholesky.TrySolve(a, b, 2));
    }
}
