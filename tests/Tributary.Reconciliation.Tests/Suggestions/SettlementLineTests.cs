using System.Globalization;
using System.Text;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;
using Tributary.Reconciliation.Runs;
using Tributary.Reconciliation.Suggestions;

namespace Tributary.Reconciliation.Tests.Suggestions;

/// <summary>
/// A settlement line that settles several orders on different SKUs carries the first order's SKU (docs/examples/marketplace.json):
/// the many-to-one search takes the other orders as parts beside the one on the line's SKU, and still rules out parts on
/// another identity when no part carries the line's.
/// </summary>
public sealed class SettlementLineTests
{
    private const string LeftHeader = "order_id,seller_account,sku,shipped_on,qty,order_total,currency";
    private const string RightHeader = "order_ref,seller,item_sku,settled_on,units,gross,ccy";

    private static ReconciliationProfile Profile { get; } = NearMissGenerationTests.Profile("marketplace");

    [Fact]
    public void Orders_on_different_skus_settled_by_one_line_carrying_the_first_sku_are_a_confident_many_to_one()
    {
        var first = Filler + 1;
        var result = Run(
            ["ORD-9000001,SELLER001,SKU07001,2026-03-10,1,25.00,GBP", "ORD-9000002,SELLER001,SKU07302,2026-03-11,2,40.55,GBP",
                "ORD-9000003,SELLER001,SKU07603,2026-03-11,1,13.20,GBP"],
            [",SELLER001,SKU07001,2026-03-12,4,78.25,GBP"]);

        var s = Assert.Single(result.Suggestions, s => s.Confidence >= 0.5);
        Assert.Equal(SuggestionKind.ManyToOne, s.Kind);
        Assert.Equal([first, first + 1, first + 2], s.LeftRecords);
        Assert.Equal([first], s.RightRecords);
        Assert.Contains("sku differs on 2 records", s.Explanation);
        Assert.Contains("another record carries the line's", s.Explanation);
        Assert.Equal(0, result.Summary.SuggestionSearchesCapped);
    }

    [Fact]
    public void A_same_amount_line_on_a_sku_no_order_carries_is_not_suggested_with_confidence()
    {
        // The same orders and the same sum, but the line names a SKU none of them has: a stranger, ruled out as before.
        var result = Run(
            ["ORD-9000001,SELLER001,SKU07001,2026-03-10,1,25.00,GBP", "ORD-9000002,SELLER001,SKU07302,2026-03-11,2,40.55,GBP",
                "ORD-9000003,SELLER001,SKU07603,2026-03-11,1,13.20,GBP"],
            [",SELLER001,SKU08888,2026-03-12,4,78.25,GBP"]);

        Assert.DoesNotContain(result.Suggestions, s => s.Kind == SuggestionKind.ManyToOne);
        Assert.DoesNotContain(result.Suggestions, s => s.Confidence >= 0.5);
    }

    [Fact]
    public void On_a_large_partition_the_search_for_a_settlement_line_stops_at_its_caps_and_says_so()
    {
        // Three hundred open orders on other SKUs in the line's window, many of whose pairs and triples hit its sum,
        // and one order on the line's SKU: the parts searched are capped, and so are the groupings kept.
        var orders = Enumerable.Range(0, 300)
            .Select(i => $"ORD-91{i:D5},SELLER001,SKU{2000 + i:D5},2026-03-{10 + i % 3:D2},1,{(10 + i % 40).ToString("0.00", CultureInfo.InvariantCulture)},GBP")
            .Append("ORD-9200000,SELLER001,SKU07001,2026-03-11,1,20.00,GBP")
            .ToArray();
        string[] line = [",SELLER001,SKU07001,2026-03-12,3,60.00,GBP"];

        // Every grouping the search finds, whatever a model makes of it: at most the kept number, each beside the order on
        // the line's SKU, each saying that the search was capped.
        var result = Run(orders, line, new SuggestionOptions { Model = Everything, MinConfidence = 0 });
        Assert.Equal(1, result.Summary.SuggestionSearchesCapped);
        var groups = result.Suggestions.Where(s => s.Kind == SuggestionKind.ManyToOne).ToList();
        Assert.InRange(groups.Count, 2, CandidateSearch.MaxSolutions);
        Assert.All(groups, s =>
        {
            Assert.Contains(Filler + 301, s.LeftRecords);
            Assert.InRange(s.LeftRecords.Count, 2, Profile.Suggestions.MaxParts);
            Assert.EndsWith($"search capped ({CandidateSearch.MaxGroupCandidates} candidates searched)", s.Explanation);
        });
    }

    // A model under which every grouping the search finds is a candidate (all weights zero: log-odds 0).
    private static Tributary.Reconciliation.Suggestions.Model.SuggestionModel Everything { get; } = new()
    {
        Features = EvidenceFeatures.Names,
        PairWeights = new double[EvidenceFeatures.Count],
        GroupWeights = new double[EvidenceFeatures.Count],
        PairCalibration = [],
        GroupCalibration = [],
    };

    private const int Filler = 400;

    // Filler orders settled exactly (distinct order ids, SKUs and totals, several sellers), so the field weights are those
    // of a realistic file; then the test's own rows, all left unmatched.
    private static RunResult Run(string[] left, string[] right, SuggestionOptions? options = null)
    {
        var fill = Enumerable.Range(0, Filler).Select(i =>
            $"ORD-{5_000_000 + i},SELLER{i % 7:D3},SKU{i * 7 % 3000:D5},2026-03-{1 + i % 28:D2},{1 + i % 3},{(5 + i * 37 % 900 + i / 100.0).ToString("0.00", CultureInfo.InvariantCulture)},GBP").ToArray();
        var l = Read(RecordSide.Left, LeftHeader, [.. fill, .. left]);
        var r = Read(RecordSide.Right, RightHeader, [.. fill, .. right]);
        return ReconciliationRun.Reconcile(Profile, l, r, 1, suggestions: options);
    }

    private static RecordTable Read(RecordSide side, string header, string[] rows)
    {
        var text = header + "\n" + string.Join("\n", rows) + "\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return CsvRecordReader.Read(stream, Profile, side, side == RecordSide.Left ? "left.csv" : "right.csv");
    }
}
