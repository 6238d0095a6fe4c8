using Tributary.Hpi.Calculation;
using Tributary.Hpi.Pairs;
using Tributary.Hpi.Partitioning;

namespace Tributary.Hpi.Tests;

/// <summary>Pair building, half-pair counting and every filter at its boundary, on both sides.</summary>
public sealed class PairTests
{
    private static readonly HpiParameters P = HpiParameters.Default;

    private static PairOutcome Classify(string d0, string d1, double ratio, HpiParameters? p = null) =>
        PairFilter.Classify(HandMarket.Day(d0), HandMarket.Day(d1), 100_000, 100_000 * ratio, p ?? P);

    [Fact]
    public void A_property_sold_three_times_gives_two_pairs_and_half_pairs_one_two_one()
    {
        var dataset = HandMarket.Load(
            HandMarket.TransactionHeader + "\nA,2010-05-01,100000,01001000100,10000\nA,2012-05-01,110000,01001000100,10000\nA,2015-05-01,120000,01001000100,10000\n",
            HandMarket.TractHeader + "\n01001000100,10000,40,-75,100,1e7,5e6,0.3,0.3\n");
        var market = MarketSplitter.Split(dataset).Markets.Single();
        Assert.Equal(2, market.Pairs.Count);
        Assert.Equal([HandMarket.Day("2010-05-01"), HandMarket.Day("2012-05-01")], market.Pairs.FirstDay);
        Assert.Equal([HandMarket.Day("2012-05-01"), HandMarket.Day("2015-05-01")], market.Pairs.SecondDay);

        var result = CbsaIndexCalculator.Compute(market, P with { MinHalfPairs = 1 });
        var halfPairs = result.Diagnostics.HalfPairs;
        Assert.Equal([1, 0, 2, 0, 0, 1], Enumerable.Range(2010, 6).Select(y => halfPairs.Get(0, y)));
    }

    [Fact]
    public void Sales_out_of_file_order_are_paired_in_date_order()
    {
        var dataset = HandMarket.Load(
            HandMarket.TransactionHeader + "\nA,2015-05-01,120000,01001000100,10000\nA,2010-05-01,100000,01001000100,10000\n",
            HandMarket.TractHeader + "\n01001000100,10000,40,-75,100,1e7,5e6,0.3,0.3\n");
        var pairs = MarketSplitter.Split(dataset).Markets.Single().Pairs;
        Assert.Equal(100000, pairs.FirstPrice.Single());
        Assert.Equal(120000, pairs.SecondPrice.Single());
    }

    [Fact]
    public void Same_year_is_dropped_but_december_to_january_is_a_new_period()
    {
        Assert.Equal(PairOutcome.SamePeriod, Classify("2010-01-01", "2010-12-31", 1.0));
        Assert.Equal(PairOutcome.Kept, Classify("2010-12-31", "2011-01-01", 1.0));
    }

    [Fact]
    public void Ratio_ten_is_kept_and_above_ten_dropped()
    {
        // 20-year holding keeps the CAGR (12%) far from its own limit.
        Assert.Equal(PairOutcome.Kept, Classify("2000-01-01", "2020-01-01", 10.0));
        Assert.Equal(PairOutcome.RatioAboveMax, Classify("2000-01-01", "2020-01-01", 10.001));
    }

    [Fact]
    public void Ratio_quarter_is_kept_and_below_dropped_and_the_lower_bound_is_a_parameter()
    {
        Assert.Equal(PairOutcome.Kept, Classify("2000-01-01", "2020-01-01", 0.25));
        Assert.Equal(PairOutcome.RatioBelowMin, Classify("2000-01-01", "2020-01-01", 0.2499));
        var strict = P with { MinPriceRatio = 0.75 };
        Assert.Equal(PairOutcome.Kept, Classify("2000-01-01", "2020-01-01", 0.75, strict));
        Assert.Equal(PairOutcome.RatioBelowMin, Classify("2000-01-01", "2020-01-01", 0.7499, strict));
    }

    [Fact]
    public void Cagr_of_thirty_percent_is_kept_and_above_dropped_in_both_directions()
    {
        // 2010-01-01 to 2014-01-01 is 1461 days = exactly 4 years of 365.25 days.
        Assert.Equal(PairOutcome.Kept, Classify("2010-01-01", "2014-01-01", Math.Pow(1.3, 4) * (1 - 1e-9)));
        Assert.Equal(PairOutcome.CagrAboveMax, Classify("2010-01-01", "2014-01-01", Math.Pow(1.3, 4) * (1 + 1e-6)));
        // Falling prices: −30% a year over one year (ratio 0.7 passes the ratio filter).
        Assert.Equal(PairOutcome.Kept, Classify("2010-01-01", "2011-01-01", Math.Pow(0.7, 365 / 365.25) * (1 + 1e-9)));
        Assert.Equal(PairOutcome.CagrAboveMax, Classify("2010-01-01", "2011-01-01", Math.Pow(0.7, 365 / 365.25) * (1 - 1e-6)));
        Assert.Equal(PairOutcome.Kept, Classify("2010-01-01", "2011-01-01", 1.35, P with { MaxAbsCagr = 0.40 }));
    }

    [Fact]
    public void Filters_are_counted_by_the_first_that_applies()
    {
        var t = new[] { HandMarket.Tract("01001000100") };
        var market = HandMarket.Market(t,
        [
            (0, "2010-03-01", "2010-09-01", 100, 2000), // same year (also ratio 20): counted as same period
            (0, "2000-01-01", "2020-01-01", 100, 1100), // ratio 11
            (0, "2000-01-01", "2020-01-01", 100, 20), // ratio 0.2
            (0, "2010-01-01", "2011-01-01", 100, 200), // CAGR 100%
            (0, "2010-01-01", "2011-01-01", 100, 105), // kept
        ]);
        CbsaIndexCalculator.Filter(market.Pairs, P, out var counts);
        Assert.Equal(new PairFilterCounts(5, 1, 1, 1, 1, 1), counts);
    }
}
