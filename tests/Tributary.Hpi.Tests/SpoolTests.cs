using Tributary.Hpi.Calculation;
using Tributary.Hpi.Input;
using Tributary.Hpi.Partitioning;

namespace Tributary.Hpi.Tests;

/// <summary>The streaming split (transactions spilled by property, pairs by CBSA) and the Parquet input give the same markets
/// and the same indices as the in-memory CSV path, bit for bit.</summary>
public sealed class SpoolTests(SimulatedMarket market) : IClassFixture<SimulatedMarket>
{
    private const string Tracts = HandMarket.TractHeader + "\n"
        + "01001000100,10000,40,-75,100,1e7,5e6,0.3,0.3\n01001000200,10000,40.1,-75,100,1e7,5e6,0.3,0.3\n"
        + "02001000100,20000,41,-76,100,1e7,5e6,0.3,0.3\n";

    [Fact]
    public void A_spooled_national_run_equals_the_in_memory_run_bit_for_bit()
    {
        using var spool = Spool(market.Path("transactions.csv"));
        var run = HpiRun.Execute(spool, HpiParameters.Default);

        Assert.Equal(market.Dataset.Transactions.Count, spool.Transactions);
        AssertSameRun(market.Run, run);
    }

    [Fact]
    public async Task Parquet_transactions_give_the_csv_runs_indices_bit_for_bit()
    {
        var parquet = Path.Combine(market.Directory, "transactions.parquet");
        var rows = await ParquetTransactionWriter.ConvertAsync(market.Path("transactions.csv"), parquet);
        using var spool = Spool(parquet);

        Assert.Equal(market.Dataset.Transactions.Count, rows);
        Assert.Equal(rows, spool.Transactions);
        AssertSameRun(market.Run, HpiRun.Execute(spool, HpiParameters.Default));
    }

    [Fact]
    public void Awkward_rows_pair_up_as_in_memory_interleaved_same_day_cross_cbsa_quoted_and_crlf()
    {
        // P sells in 10000, then 20000, then 10000 again: no pair may skip the sale in between. Q has two sales on one day
        // (file order decides), R's rows are interleaved with others and one is quoted, and lines end in CRLF.
        const string rows = HandMarket.TransactionHeader + "\r\n"
            + "R,2012-05-01,200000,01001000200,10000\r\n"
            + "P,2010-01-01,100000,01001000100,10000\r\n"
            + "Q,2011-03-01,150000,01001000100,10000\r\n"
            + "P,2012-01-01,110000,02001000100,20000\r\n"
            + "Q,2011-03-01,151000,01001000100,10000\r\n"
            + "\"R\",2008-05-01,180000,01001000200,10000\r\n"
            + "P,2014-01-01,120000,01001000100,10000\r\n"
            + "Q,2015-03-01,170000,01001000100,10000\r\n"
            + "R,2016-05-01,230000,01001000200,10000\r\n"
            + "X,2016-05-01,bad,01001000200,10000\r\n";
        var rejects = new RejectLog();
        var catalog = TractReader.Read(HandMarket.Stream(Tracts), "tracts.csv", false, rejects);
        var memory = MarketSplitter.Split(new HpiDataset(catalog, [],
            TransactionReader.Read(HandMarket.Stream(rows), "transactions.csv", catalog, true, rejects), rejects));
        var spoolRejects = new RejectLog();
        using var spool = MarketSpool.Create(HandMarket.Stream(rows), "transactions.csv", catalog, [], true, spoolRejects, buckets: 3);

        Assert.Equal(2, memory.PairsAcrossTracts);
        Assert.Equal(memory.PairsAcrossTracts, spool.PairsAcrossTracts);
        Assert.Equal(rejects.Examples, spoolRejects.Examples);
        Assert.Equal(1, spoolRejects.Total);
        Assert.Equal(memory.Markets.Count, spool.Count);
        for (var c = 0; c < spool.Count; c++)
        {
            AssertSamePairs(memory.Markets[c], spool.Load(c));
        }

        Assert.Equal(4, spool.PairCount(0)); // Q: 2 (same day, then 2015), R: 2
    }

    [Fact]
    public void A_bad_row_in_the_spooled_path_names_file_line_and_field()
    {
        var rejects = new RejectLog();
        var catalog = TractReader.Read(HandMarket.Stream(Tracts), "tracts.csv", false, rejects);
        var e = Assert.Throws<Tributary.Abstractions.Input.InvalidInputException>(() => MarketSpool.Create(
            HandMarket.Stream(HandMarket.TransactionHeader + "\nA,2010-01-01,1,01001000100,10000\nA,2010-13-01,1,01001000100,10000\n"),
            "transactions.csv", catalog, [], false, rejects));
        var error = Assert.Single(e.Errors);
        Assert.Equal(("transactions.csv", 3L, "transaction_date"), (error.File, error.Line, error.Field));
    }

    [Fact]
    public void A_quoted_slice_names_the_files_line_for_a_row_with_the_wrong_field_count()
    {
        // A quote character sends the slice through the reference reader, which numbers lines from its own header.
        var e = Assert.Throws<Tributary.Abstractions.Input.InvalidInputException>(() => HandMarket.Load(HandMarket.TransactionHeader + "\n"
            + "\"A\",2010-01-01,100000,01001000100,10000\n"
            + "A,2011-01-01,100000,01001000100,10000,extra\n", Tracts));

        var error = Assert.Single(e.Errors);
        Assert.Equal(("transactions.csv", 3L, "6 fields, but the header has 5"), (error.File, error.Line, error.Problem));
    }

    [Fact]
    public void Slices_cut_a_large_file_only_between_rows()
    {
        // More than one 4 MB slice, and a quoted field holding a comma near every slice boundary.
        var text = new System.Text.StringBuilder(HandMarket.TransactionHeader + "\n");
        for (var i = 0; i < 120_000; i++)
        {
            text.Append(i % 997 == 0 ? $"\"P,{i}\"" : $"P{i}").Append(",2010-01-01,100000,01001000100,10000\n")
                .Append(i % 997 == 0 ? $"\"P,{i}\"" : $"P{i}").Append(",2012-01-01,110000,01001000100,10000\n");
        }

        var rejects = new RejectLog();
        var catalog = TractReader.Read(HandMarket.Stream(Tracts), "tracts.csv", false, rejects);
        using var spool = MarketSpool.Create(HandMarket.Stream(text.ToString()), "transactions.csv", catalog, [], false, rejects);

        Assert.True(text.Length > 8_000_000); // two or more 4 MB slices
        Assert.Equal(240_000, spool.Transactions);
        Assert.Equal(120_000, spool.PairCount(0));
    }

    private static MarketSpool Spool(string transactions)
    {
        var rejects = new RejectLog();
        var directory = Path.GetDirectoryName(transactions)!;
        var catalog = TractReader.Read(Path.Combine(directory, "tracts.csv"), false, rejects);
        var tractYears = TractYearReader.Read(Path.Combine(directory, "tract_years.csv"), catalog, false, rejects);
        // Many buckets, so pairs of one CBSA come from many bucket files and their order must be restored.
        return MarketSpool.Create(transactions, catalog, tractYears, false, rejects, buckets: 16);
    }

    private static void AssertSameRun(HpiRunResult expected, HpiRunResult actual)
    {
        Assert.Equal(expected.Cbsas.Count, actual.Cbsas.Count);
        for (var c = 0; c < expected.Cbsas.Count; c++)
        {
            PartitionTests.AssertSameBits(expected.Cbsas[c], actual.Cbsas[c]);
        }

        for (var w = 0; w < expected.National.Count; w++)
        {
            PartitionTests.AssertSameBits(expected.National[w].Points, actual.National[w].Points);
        }
    }

    private static void AssertSamePairs(CbsaMarket expected, CbsaMarket actual)
    {
        Assert.Equal(expected.CbsaCode, actual.CbsaCode);
        Assert.Equal(expected.Tracts, actual.Tracts);
        Assert.Equal(expected.Pairs.Tract, actual.Pairs.Tract);
        Assert.Equal(expected.Pairs.FirstDay, actual.Pairs.FirstDay);
        Assert.Equal(expected.Pairs.SecondDay, actual.Pairs.SecondDay);
        Assert.Equal(expected.Pairs.FirstPrice, actual.Pairs.FirstPrice);
        Assert.Equal(expected.Pairs.SecondPrice, actual.Pairs.SecondPrice);
    }
}
