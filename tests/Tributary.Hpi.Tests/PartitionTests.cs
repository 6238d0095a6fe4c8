using System.Text.Json;
using Tributary.Hpi.Calculation;
using Tributary.Hpi.Chaining;
using Tributary.Hpi.Input;
using Tributary.Hpi.Partitioning;

namespace Tributary.Hpi.Tests;

/// <summary>The pipeline contract: a CBSA computed alone (from a staged partition or from its own rows) is bit for bit the
/// CBSA of the full run, and the national index from merged contributions is the full run's national index.</summary>
public sealed class PartitionTests(SimulatedMarket market) : IClassFixture<SimulatedMarket>
{
    [Fact]
    public void A_cbsa_loaded_from_its_staged_partition_computes_the_same_bits_as_in_the_full_run()
    {
        var markets = MarketSplitter.Split(market.Dataset).Markets;
        var index = markets.Count / 2;
        using var blob = new MemoryStream();
        CbsaPartitionFormat.Write(blob, markets[index]);
        blob.Position = 0;
        var loaded = CbsaPartitionFormat.Read(blob);

        var alone = CbsaIndexCalculator.Compute(loaded, HpiParameters.Default);
        AssertSameBits(market.Run.Cbsas[index], alone);
    }

    [Fact]
    public void A_cbsa_parsed_from_only_its_own_rows_computes_the_same_bits_as_in_the_full_run()
    {
        var cbsa = market.Run.Cbsas[^1].CbsaCode;
        var rows = File.ReadLines(market.Path("transactions.csv")).Where((line, i) => i == 0 || line.EndsWith("," + cbsa, StringComparison.Ordinal));
        var tracts = File.ReadLines(market.Path("tracts.csv")).Where((line, i) => i == 0 || line.Split(',')[1] == cbsa);
        var rejects = new RejectLog();
        var catalog = TractReader.Read(HandMarket.Stream(string.Join("\n", tracts)), "tracts.csv", false, rejects);
        var tractYears = TractYearReader.Read(HandMarket.Stream(string.Join("\n",
            File.ReadLines(market.Path("tract_years.csv")).Where((line, i) => i == 0 || catalog.IndexOf(line.Split(',')[0]) >= 0))),
            "tract_years.csv", catalog, false, rejects);
        var tx = TransactionReader.Read(HandMarket.Stream(string.Join("\n", rows)), "transactions.csv", catalog, false, rejects);
        var own = MarketSplitter.Split(new HpiDataset(catalog, tractYears, tx, rejects)).Markets.Single();

        AssertSameBits(market.Run.Cbsas[^1], CbsaIndexCalculator.Compute(own, HpiParameters.Default));
    }

    [Fact]
    public void National_from_merged_serialised_contributions_equals_the_full_runs_national()
    {
        // Each partition activity returns its contributions as JSON; the fan-in may deliver them in any order.
        var delivered = market.Run.Cbsas.Reverse()
            .Select(r => JsonSerializer.Serialize(r.Contributions))
            .SelectMany(json => JsonSerializer.Deserialize<NationalContribution[]>(json)!)
            .ToArray();
        var national = NationalIndex.Compute(delivered);
        Assert.Equal(market.Run.National.Count, national.Count);
        for (var i = 0; i < national.Count; i++)
        {
            Assert.Equal(market.Run.National[i].Weighting, national[i].Weighting);
            AssertSameBits(market.Run.National[i].Points, national[i].Points);
        }

        Assert.Equal(market.Options.EndYear - market.Options.StartYear + 1, national[0].Points.Count);
    }

    [Fact]
    public void National_equals_aggregating_every_supertract_of_the_nation_at_once()
    {
        // Independent check of the merge: p̂_nation(t) = Σ measure·p̂ / Σ measure over all CBSAs' supertracts.
        var all = market.Run.Cbsas.SelectMany(c => c.Contributions).Where(c => c.Weighting == Weighting.WeightingScheme.Value).ToArray();
        var nation = market.Run.National.Single(s => s.Weighting == Weighting.WeightingScheme.Value).Points;
        foreach (var point in nation.Skip(1))
        {
            var year = all.Where(c => c.Year == point.Year).ToArray();
            Assert.Equal(year.Sum(c => c.WeightedAppreciation) / year.Sum(c => c.Measure), point.Appreciation!.Value, 12);
        }
    }

    [Fact]
    public void A_truncated_or_foreign_partition_is_rejected_with_a_clear_error()
    {
        using var blob = new MemoryStream();
        CbsaPartitionFormat.Write(blob, MarketSplitter.Split(market.Dataset).Markets[0]);
        var truncated = new MemoryStream(blob.ToArray()[..(int)(blob.Length / 2)]);
        var e = Assert.Throws<Tributary.Abstractions.Input.InvalidInputException>(() => CbsaPartitionFormat.Read(truncated, "cbsa-10000.bin"));
        Assert.Contains("cbsa-10000.bin", e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Throws<Tributary.Abstractions.Input.InvalidInputException>(() => CbsaPartitionFormat.Read(HandMarket.Stream("property_id,price\n")));
    }

    internal static void AssertSameBits(CbsaIndexResult expected, CbsaIndexResult actual)
    {
        Assert.Equal(expected.CbsaCode, actual.CbsaCode);
        for (var s = 0; s < expected.Series.Count; s++)
        {
            AssertSameBits(expected.Series[s].Points, actual.Series[s].Points);
        }

        Assert.Equal(expected.Tracts.Count, actual.Tracts.Count);
        for (var t = 0; t < expected.Tracts.Count; t++)
        {
            Assert.Equal(expected.Tracts[t].Points, actual.Tracts[t].Points); // records: exact double equality
        }

        Assert.Equal(expected.Contributions, actual.Contributions);
        Assert.Equal(expected.Diagnostics.Filters, actual.Diagnostics.Filters);
        Assert.Equal(expected.Diagnostics.HalfPairs.Counts, actual.Diagnostics.HalfPairs.Counts);
        Assert.NotEmpty(actual.Contributions);
    }

    internal static void AssertSameBits(IReadOnlyList<IndexPoint> expected, IReadOnlyList<IndexPoint> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i].Level), BitConverter.DoubleToInt64Bits(actual[i].Level));
            Assert.Equal(expected[i].Appreciation is { } e ? BitConverter.DoubleToInt64Bits(e) : 0,
                actual[i].Appreciation is { } a ? BitConverter.DoubleToInt64Bits(a) : 0);
        }
    }
}
