using Tributary.Hpi.Quality;

namespace Tributary.Hpi.Tests;

/// <summary>The quality report counts what a run would keep, drop and merge.</summary>
public sealed class QualityTests
{
    [Fact]
    public void Report_counts_rejects_filters_half_pairs_and_merges()
    {
        const string tracts = HandMarket.TractHeader
            + "\n01001000100,10000,40,-75,100,1e7,5e6,0.3,0.3\n01001000200,10000,40.01,-75,100,1e7,5e6,0.3,0.3\n";
        var rows = HandMarket.TransactionHeader + "\n"
            + "A,2010-03-01,100000,01001000100,10000\nA,2011-03-01,105000,01001000100,10000\n" // kept
            + "B,2010-03-01,100000,01001000100,10000\nB,2010-09-01,101000,01001000100,10000\n" // same year
            + "C,2010-03-01,100000,01001000200,10000\nC,2011-03-01,1200000,01001000200,10000\n" // ratio 12
            + "D,2010-03-01,100000,01001000200,10000\nD,2011-03-01,104000,01001000200,10000\n" // kept
            + "E,2010-03-01,-1,01001000200,10000\n"; // rejected: E never becomes a property
        var dataset = HandMarket.Load(rows, tracts, skipInvalid: true);
        var report = QualityAnalyzer.Analyze(dataset, HpiParameters.Default with { MinHalfPairs = 2 });

        Assert.Equal((8L, 4L, 2, 1), (report.TransactionRows, report.Properties, report.Tracts, report.Cbsas));
        Assert.Equal(1, report.RejectedRows["NonPositivePrice"]);
        Assert.Equal(new Pairs.PairFilterCounts(4, 1, 1, 0, 0, 2), report.Pairs);
        Assert.Equal(
            [("01001000100", 2010, 1), ("01001000100", 2011, 1), ("01001000200", 2010, 1), ("01001000200", 2011, 1)],
            report.HalfPairs.Select(h => (h.CensusTract, h.Year, h.HalfPairs)));
        Assert.Equal(4, report.TractYearsBelowThreshold); // each tract has 1 < 2 half-pairs in 2010 and 2011
        // 2011: each tract has 1 half-pair in 2011 and 1 in 2010, so both merge into one supertract of 2 + 2.
        var year = Assert.Single(report.Supertracts!);
        Assert.Equal(new SupertractYearQuality(2011, 2, 1, 2, 0), year);
    }

    [Fact]
    public void Without_a_tracts_file_tracts_are_inferred_and_supertracts_are_not_reported()
    {
        var rejects = new Input.RejectLog();
        var catalog = new Input.TractCatalog(declared: false);
        var tx = Input.TransactionReader.Read(HandMarket.Stream(HandMarket.TransactionHeader
            + "\nA,2010-03-01,100000,01001000100,10000\nA,2011-03-01,105000,01001000100,10000\n"), "transactions.csv", catalog, false, rejects);
        var report = QualityAnalyzer.Analyze(new Input.HpiDataset(catalog, [], tx, rejects), HpiParameters.Default);
        Assert.Equal(1, report.Tracts);
        Assert.Equal(1, report.Pairs.Kept);
        Assert.Null(report.Supertracts);
    }
}
