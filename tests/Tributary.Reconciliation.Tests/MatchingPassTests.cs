using Tributary.Reconciliation.Breaks;
using Tributary.Reconciliation.Matching;

namespace Tributary.Reconciliation.Tests;

public sealed class MatchingPassTests
{
    [Fact]
    public void Keys_that_differ_only_in_case_and_whitespace_match_exactly()
    {
        var result = BucketReconciler.Reconcile(TestData.Profile,
            TestData.Left("AB  C1,grp one,S,10,100,2026-01-01,1000"),
            TestData.Right("  ab c1 ,GRP   ONE ,s,10,100,2026-01-01,1000"), null);
        Assert.Empty(result.Breaks);
        Assert.Equal(1, result.Summary.MatchedLeftByPass["exact_key"]);
    }

    [Fact]
    public void A_different_reference_is_matched_by_secondary_key_when_the_tolerance_field_agrees()
    {
        var result = BucketReconciler.Reconcile(TestData.Profile,
            TestData.Left("A,G,S1,10,100,2026-01-01,1000", "B,G,S2,20,100,2026-01-01,2000"),
            TestData.Right("X,G,S1,10,100,2026-01-01,1000", "Y,G,S2,21,100,2026-01-01,2100"), null);
        Assert.Equal(1, result.Summary.MatchedLeftByPass["secondary_key"]);
        // S2 quantities differ (20 vs 21), so the secondary key does not pair them: both are unmatched.
        Assert.Equal(["left:G|B", "right:G|Y"], result.Breaks.Where(b => b.BreakType == "unmatched").Select(b => $"{b.Side}:{b.Key}").Order());
    }

    [Fact]
    public void One_to_many_split_whose_sums_agree_matches_without_breaks()
    {
        var result = BucketReconciler.Reconcile(TestData.Profile,
            TestData.Left("A,G,S,100,10,2026-01-01,1000"),
            TestData.Right("A-1,G,S,60,10,2026-01-01,600", "A-2,G,S,40,10,2026-01-01,400"), null);
        Assert.Empty(result.Breaks);
        Assert.Equal((1L, 2L), (result.Summary.MatchedLeftByPass["split"], result.Summary.MatchedRightByPass["split"]));
    }

    [Fact]
    public void Many_to_one_split_matches_and_a_split_whose_sums_differ_does_not()
    {
        var manyToOne = BucketReconciler.Reconcile(TestData.Profile,
            TestData.Left("A-1,G,S,30,10,2026-01-01,300", "A-2,G,S,70,10,2026-01-01,700"),
            TestData.Right("A,G,S,100,10,2026-01-01,1000"), null);
        Assert.Empty(manyToOne.Breaks);
        Assert.Equal(2, manyToOne.Summary.MatchedLeftByPass["split"]);

        var off = BucketReconciler.Reconcile(TestData.Profile,
            TestData.Left("A,G,S,100,10,2026-01-01,1000"),
            TestData.Right("A-1,G,S,60,10,2026-01-01,600", "A-2,G,S,40,10,2026-01-01,399"), null);
        Assert.Equal(3, off.Breaks.Count(b => b.BreakType == "unmatched"));
    }

    [Fact]
    public void Duplicates_on_either_side_are_breaks_of_their_own_and_the_original_still_matches()
    {
        var result = BucketReconciler.Reconcile(TestData.Profile,
            TestData.Left("A,G,S,10,100,2026-01-01,1000", "A,G,S,10,100,2026-01-01,1000"),
            TestData.Right("A,G,S,10,100,2026-01-01,1000", "a ,g,s,10,100,2026-01-01,1000", "A,G,S,10,100,2026-01-01,1000"), null);
        Assert.Equal(["left", "right", "right"], result.Breaks.Select(b => b.Side).Order());
        Assert.All(result.Breaks, b => Assert.Equal((BreakTypeNames.Duplicate, Severity.Medium, MatchPass.Duplicate), (b.BreakType, b.Severity, b.MatchPass)));
        Assert.Equal(3, result.Breaks.Select(b => b.BreakId).Distinct().Count());
        Assert.Equal(1, result.Summary.MatchedLeftByPass["exact_key"]);
    }

    [Fact]
    public void Records_of_different_partitions_never_match()
    {
        var result = BucketReconciler.Reconcile(TestData.Profile,
            TestData.Left("A,G1,S,10,100,2026-01-01,1000"), TestData.Right("A,G2,S,10,100,2026-01-01,1000"), null);
        Assert.Equal(["left", "right"], result.Breaks.Select(b => b.Side).Order());
    }
}
