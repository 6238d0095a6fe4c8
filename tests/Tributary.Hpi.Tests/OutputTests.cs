using System.Text;
using System.Text.Json;
using Parquet.Serialization;
using Tributary.Hpi.Output;
using Tributary.Hpi.Weighting;

namespace Tributary.Hpi.Tests;

/// <summary>The three output formats carry the documented columns and the same values.</summary>
public sealed class OutputTests(SimulatedMarket market) : IClassFixture<SimulatedMarket>
{
    [Fact]
    public async Task Csv_json_and_parquet_hold_the_same_cbsa_rows()
    {
        var rows = IndexRows.Cbsa(market.Run.Cbsas, [WeightingScheme.Value], baseYear: 2010, out var missing);
        Assert.Equal(0, missing);
        Assert.Equal(market.Options.Cbsas * (market.Options.EndYear - market.Options.StartYear + 1), rows.Count);
        Assert.All(rows.Where(r => r.Year == 2010), r => Assert.Equal(100.0, r.Index, 12));

        using var csv = new MemoryStream();
        await IndexWriter.WriteAsync(csv, rows, OutputFormat.Csv);
        var lines = Encoding.UTF8.GetString(csv.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("cbsa_code,year,weighting,appreciation,index", lines[0]);
        Assert.Equal(rows.Count + 1, lines.Length);
        Assert.Equal($"{rows[0].CbsaCode},{rows[0].Year},value,,{rows[0].Index:R}", lines[1]);

        using var json = new MemoryStream();
        await IndexWriter.WriteAsync(json, rows, OutputFormat.Json);
        var fromJson = JsonSerializer.Deserialize<List<CbsaIndexRow>>(json.ToArray())!;
        using var parquet = new MemoryStream();
        await IndexWriter.WriteAsync(parquet, rows, OutputFormat.Parquet);
        parquet.Position = 0;
        var parsed = await ParquetSerializer.DeserializeAsync<CbsaIndexRow>(parquet);
        Assert.Equal(["cbsa_code", "year", "weighting", "appreciation", "index"], parsed.Schema.Fields.Select(f => f.Name));
        var fromParquet = parsed.Data.ToList();
        foreach (var copy in new[] { fromJson, fromParquet })
        {
            Assert.Equal(rows.Select(r => (r.CbsaCode, r.Year, r.Weighting, r.Appreciation, r.Index)),
                copy.Select(r => (r.CbsaCode, r.Year, r.Weighting, r.Appreciation, r.Index)));
        }
    }

    [Fact]
    public void Tract_and_national_rows_follow_their_schemas()
    {
        var tract = IndexRows.Tract(market.Run.Cbsas, null, out _);
        Assert.Equal(market.Options.Cbsas * market.Options.TractsPerCbsa * (market.Options.EndYear - market.Options.StartYear + 1), tract.Count);
        Assert.All(tract.Where(r => r.Year > market.Options.StartYear), r => Assert.StartsWith(r.SupertractId[..2], r.CensusTract));
        var national = IndexRows.National(market.Run.National, WeightingSchemes.All, null, out _);
        Assert.Equal(6 * (market.Options.EndYear - market.Options.StartYear + 1), national.Count);
        Assert.Equal(["sample", "value", "unit", "upb", "college", "nonwhite"], national.Select(r => r.Weighting).Distinct());
    }
}
