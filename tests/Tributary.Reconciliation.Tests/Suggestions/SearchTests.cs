using Tributary.Reconciliation.Suggestions;

namespace Tributary.Reconciliation.Tests.Suggestions;

public sealed class SearchTests
{
    private const string Iban = "DE89370400440532013000";

    [Fact]
    public void Subset_sum_finds_every_subset_in_range_largest_values_first()
    {
        var solutions = new List<int[]>();
        Assert.True(SubsetSum.Search([50m, 30m, 20m, 7m], 56.9m, 57.1m, 4, 1000, 10, solutions));
        Assert.Equal(["0,3", "1,2,3"], solutions.Select(s => string.Join(',', s)).Order());
    }

    [Fact]
    public void Subset_sum_stops_at_its_node_budget_and_says_so()
    {
        // Forty equal values: C(40,4) subsets of four sum to the target, far more than the budget allows to try.
        var values = Enumerable.Repeat(1m, 40).ToArray();
        var capped = new List<int[]>();
        Assert.False(SubsetSum.Search(values, 4m, 4m, 4, maxNodes: 500, maxSolutions: 1_000_000, capped));
        Assert.InRange(capped.Count, 1, 500);

        // The same search within budget, stopped by the number of solutions wanted instead, is complete.
        var enough = new List<int[]>();
        Assert.True(SubsetSum.Search(values, 4m, 4m, 4, maxNodes: 20_000, maxSolutions: 8, enough));
        Assert.Equal(8, enough.Count);
        Assert.All(enough, s => Assert.Equal(4, s.Length));
    }

    [Fact]
    public void A_search_over_the_largest_candidate_set_completes_within_the_budget()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, CandidateSearch.MaxGroupCandidates).Select(_ => (decimal)random.Next(1, 1000)).OrderDescending().ToArray();
        Assert.True(SubsetSum.Search(values, 0m, 1_000_000m, 4, CandidateSearch.MaxSearchNodes, int.MaxValue, []));
    }

    [Fact]
    public void A_payment_booked_as_three_lines_without_its_reference_is_one_suggestion_of_three_parts()
    {
        var first = PaymentsTestData.First();
        var result = PaymentsTestData.Run(
            [$"INV900,ACC1,{Iban},2026-03-10,1000.00"],
            [$",ACC1,{Iban},2026-03-10,500.00", $",ACC1,{Iban},2026-03-11,300.00", $",ACC1,{Iban},2026-03-12,200.00"]);
        var s = Assert.Single(result.Suggestions, s => s.Confidence >= 0.5);
        Assert.Equal(SuggestionKind.OneToMany, s.Kind);
        Assert.Equal([first], s.LeftRecords);
        Assert.Equal([first, first + 1, first + 2], s.RightRecords);
        Assert.StartsWith("3 right records against 1 left; no reference on the right; amount sum equal; same iban", s.Explanation);
        Assert.Equal(4, s.BreakIds.Count);
    }

    [Fact]
    public void A_split_short_by_a_fee_would_match_with_a_wider_split_sum_tolerance()
    {
        var result = PaymentsTestData.Run(
            [$"INV901,ACC1,{Iban},2026-03-10,1000.00"],
            [$"INV901,ACC1,{Iban},2026-03-10,600.00", $"INV901,ACC1,{Iban},2026-03-10,398.00"]);
        var s = Assert.Single(result.Suggestions, s => s.Confidence >= 0.5);
        Assert.Equal(SuggestionKind.OneToMany, s.Kind);
        Assert.Equal("amount tolerance 2.00 (split sums)", s.WouldMatchIf);
        Assert.True(s.Explanation.Contains("amount sum short by 2.00, a typical fee", StringComparison.Ordinal), s.Explanation);
    }

    [Fact]
    public void Several_invoices_paid_in_one_transfer_are_a_many_to_one_suggestion()
    {
        var first = PaymentsTestData.First();
        var result = PaymentsTestData.Run(
            [$"INV910,ACC1,{Iban},2026-03-10,120.00", $"INV911,ACC1,{Iban},2026-03-11,80.55", $"INV912,ACC1,{Iban},2026-03-12,400.45"],
            [$"TRANSFER,ACC1,{Iban},2026-03-12,601.00"]);
        var s = Assert.Single(result.Suggestions, s => s.Confidence >= 0.5);
        Assert.Equal(SuggestionKind.ManyToOne, s.Kind);
        Assert.Equal([first, first + 1, first + 2], s.LeftRecords);
        Assert.Equal([first], s.RightRecords);
    }

    [Fact]
    public void A_group_search_cut_short_by_the_candidate_cap_is_counted_and_said()
    {
        // Forty unreferenced lines of the same payer in the window: more parts than are searched.
        var rights = Enumerable.Range(0, 40).Select(i => $",ACC1,{Iban},2026-03-10,{10 + i}.25").ToArray();
        var result = PaymentsTestData.Run([$"INV920,ACC1,{Iban},2026-03-10,1000.00"], rights);
        Assert.True(result.Summary.SuggestionSearchesCapped > 0);
        Assert.All(result.Suggestions.Where(s => s.Kind == SuggestionKind.OneToMany), s => Assert.Contains("search capped", s.Explanation));
    }
}
