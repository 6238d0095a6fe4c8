using Tributary.Reconciliation.Matching;

namespace Tributary.Reconciliation.Tests;

public sealed class ToleranceTests
{
    private static IEnumerable<string> BreakFields(string leftRow, string rightRow) =>
        BucketReconciler.Reconcile(TestData.Profile, TestData.Left(leftRow), TestData.Right(rightRow), null).Breaks.Select(b => b.Field);

    [Fact]
    public void Absolute_difference_exactly_at_tolerance_matches_and_just_above_breaks()
    {
        Assert.Empty(BreakFields("A,G,S,10,100,2026-01-01,1000", "A,G,S,15,100,2026-01-01,1000"));
        Assert.Equal(["qty"], BreakFields("A,G,S,10,100,2026-01-01,1000", "A,G,S,15.01,100,2026-01-01,1000"));
        Assert.Equal(["qty"], BreakFields("A,G,S,10,100,2026-01-01,1000", "A,G,S,4.99,100,2026-01-01,1000"));
    }

    [Fact]
    public void Relative_difference_exactly_at_tolerance_matches_and_just_above_breaks()
    {
        Assert.Empty(BreakFields("A,G,S,10,200,2026-01-01,1000", "A,G,S,10,202,2026-01-01,1000"));
        Assert.Equal(["px"], BreakFields("A,G,S,10,200,2026-01-01,1000", "A,G,S,10,202.01,2026-01-01,1000"));
    }

    [Fact]
    public void Days_difference_exactly_at_tolerance_matches_and_one_more_day_breaks()
    {
        Assert.Empty(BreakFields("A,G,S,10,100,2026-01-01,1000", "A,G,S,10,100,2026-01-03,1000"));
        var breaks = BucketReconciler.Reconcile(TestData.Profile, TestData.Left("A,G,S,10,100,2026-01-01,1000"),
            TestData.Right("A,G,S,10,100,2026-01-04,1000"), null).Breaks;
        var b = Assert.Single(breaks);
        Assert.Equal(("d", "trade_settlement_date", "3"), (b.Field, b.BreakType, b.Difference));
    }

    [Fact]
    public void A_break_carries_both_values_the_difference_and_impact_graded_by_the_rules()
    {
        var b = Assert.Single(BucketReconciler.Reconcile(TestData.Profile, TestData.Left("A,G,S,10,100,2026-01-01,1000"),
            TestData.Right("A,G,S,16,100,2026-01-01,1000"), null).Breaks);
        // |16 − 10| × px 100 = 600 ≥ 100 → high.
        Assert.Equal(("10", "16", "6", 600m, "high", "both", "G|A"),
            (b.LeftValue, b.RightValue, b.Difference, b.FinancialImpact, b.Severity.ToString().ToLowerInvariant(), b.Side, b.Key));
        Assert.Equal(Breaks.MatchPass.ExactKey, b.MatchPass);
    }

    [Fact]
    public void A_record_from_a_side_without_the_fx_field_is_valued_in_base_currency_not_at_zero()
    {
        var json = TestData.ProfileJson
            .Replace("{ \"name\": \"amt\", \"type\": \"number\", \"left\": \"amt\", \"right\": \"amt\" }",
                "{ \"name\": \"amt\", \"type\": \"number\", \"left\": \"amt\", \"right\": \"amt\" }, { \"name\": \"fx\", \"type\": \"number\", \"left\": \"fx\" }")
            .Replace("\"valuation\": {", "\"valuation\": { \"fxField\": \"fx\",");
        var profile = Profiles.ProfileLoader.Parse(json, "fx.json");
        var left = TestData.Read(Records.RecordSide.Left, TestData.LeftHeader + ",fx", ["A,G,S,10,100,2026-01-01,1000,2"], profile);
        var right = TestData.Read(Records.RecordSide.Right, TestData.RightHeader, ["B,G,T,10,100,2026-01-01,300"], profile);
        var breaks = BucketReconciler.Reconcile(profile, left, right, null).Breaks;
        Assert.Equal([("left", 2000m), ("right", 300m)], breaks.Select(b => (b.Side, b.FinancialImpact)).Order());
    }
}
