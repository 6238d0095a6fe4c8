using System.Globalization;
using Tributary.Reconciliation.Suggestions;
using Tributary.Reconciliation.Suggestions.Model;

namespace Tributary.Reconciliation.Tests.Suggestions;

/// <summary>
/// Near ties are calibrated from the probability that one of the tied groupings is right, shared by the tie; a dense
/// partition, where many subsets hit an amount, keeps the grouping the evidence favours, not the first ones the search meets;
/// and the search still stops at its caps.
/// </summary>
public sealed class NearTieAndDensePartitionTests
{
    private const string Iban = "DE89370400440532013000";

    // The shipped weights with flat maps: a lone pair is 0.1 likely, a near tie's union 0.9.
    private static SuggestionModel FlatMaps { get; } = new()
    {
        Features = SuggestionModel.Default.Features,
        PairWeights = SuggestionModel.Default.PairWeights,
        GroupWeights = SuggestionModel.Default.GroupWeights,
        PairCalibration = [[0, 0.1], [1, 0.1]],
        GroupCalibration = [[0, 0.1], [1, 0.1]],
        TieCalibration = [[0, 0.9], [1, 0.9]],
    };

    [Fact]
    public void Two_equally_good_counterparts_are_each_near_one_half_at_best()
    {
        var result = PaymentsTestData.Run(
            [$"INV123,ACC1,{Iban},2026-03-10,1000.00"],
            [$",ACC1,{Iban},2026-03-11,997.50", $",ACC1,{Iban},2026-03-09,997.50"]);
        Assert.Equal(2, result.Suggestions.Count);
        Assert.All(result.Suggestions, s => Assert.InRange(s.Confidence, 0.45, 0.499));
        Assert.Equal(result.Suggestions[0].Confidence, result.Suggestions[1].Confidence);
    }

    [Fact]
    public void A_near_tie_shares_the_probability_that_one_of_its_groupings_is_right()
    {
        // With the tie map at 0.9, each of two equal counterparts gets half of it; the pair map (0.1) is not used for them.
        var tie = PaymentsTestData.Run(
            [$"INV123,ACC1,{Iban},2026-03-10,1000.00"],
            [$",ACC1,{Iban},2026-03-11,997.50", $",ACC1,{Iban},2026-03-09,997.50"],
            new SuggestionOptions { Model = FlatMaps, MinConfidence = 0 });
        Assert.Equal(2, tie.Suggestions.Count);
        Assert.All(tie.Suggestions, s => Assert.InRange(s.Confidence, 0.449, 0.45));

        // A lone counterpart is calibrated as a pair.
        var lone = PaymentsTestData.Run(
            [$"INV123,ACC1,{Iban},2026-03-10,1000.00"],
            [$",ACC1,{Iban},2026-03-11,997.50"],
            new SuggestionOptions { Model = FlatMaps, MinConfidence = 0 });
        Assert.Equal(0.1, Assert.Single(lone.Suggestions).Confidence);
    }

    [Fact]
    public void A_dense_partitions_true_grouping_is_kept_though_the_search_meets_others_first()
    {
        // The payment was booked as three lines on the invoice's day. Ten other lines of the payer, booked a week later,
        // pair up to within a fee of the amount in 25 ways, all met before the true three by a search that goes largest first.
        var first = PaymentsTestData.First();
        string[] truth = [$",ACC1,{Iban},2026-03-10,500.00", $",ACC1,{Iban},2026-03-10,300.00", $",ACC1,{Iban},2026-03-10,200.00"];
        var others = new[] { 560, 550, 540, 530, 520, 440, 430, 420, 410, 400 }
            .Select((a, i) => $",ACC1,{Iban},2026-03-{17 + i % 2},{a}.00").ToArray();
        var result = PaymentsTestData.Run([$"INV900,ACC1,{Iban},2026-03-10,1000.00"], [.. truth, .. others],
            new SuggestionOptions { MinConfidence = 0 });

        var groups = result.Suggestions.Where(s => s.Kind == SuggestionKind.OneToMany).ToList();
        Assert.True(groups.Count > 1, "the dense lines are rivals");
        var best = groups.MaxBy(s => s.Confidence)!;
        Assert.Equal([first, first + 1, first + 2], best.RightRecords);
        Assert.True(best.Confidence >= 0.5, best.Confidence.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_search_with_more_subsets_than_it_ranks_stops_there_is_counted_and_keeps_at_most_eight()
    {
        // Sixteen lines (within every other cap) of which any four add up to within a fee of the amount: 1,820 subsets.
        var rights = Enumerable.Range(0, 16)
            .Select(i => $",ACC1,{Iban},2026-03-{5 + i % 10:D2},{(245m + i * 0.1m).ToString("0.00", CultureInfo.InvariantCulture)}").ToArray();
        var result = PaymentsTestData.Run([$"INV920,ACC1,{Iban},2026-03-10,1000.00"], rights, new SuggestionOptions { MinConfidence = 0 });

        Assert.Equal(1, result.Summary.SuggestionSearchesCapped);
        var groups = result.Suggestions.Where(s => s.Kind == SuggestionKind.OneToMany).ToList();
        Assert.InRange(groups.Count, 1, CandidateSearch.MaxSolutions);
        Assert.All(groups, s => Assert.Contains("search capped", s.Explanation));
    }
}
