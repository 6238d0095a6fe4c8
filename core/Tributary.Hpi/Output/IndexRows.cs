using System.Text.Json.Serialization;
using Tributary.Hpi.Calculation;
using Tributary.Hpi.Chaining;
using Tributary.Hpi.Weighting;

namespace Tributary.Hpi.Output;

/// <summary>A CBSA output row: <c>cbsa_code,year,weighting,appreciation,index</c>.</summary>
public sealed class CbsaIndexRow
{
    [JsonPropertyName("cbsa_code")] public string CbsaCode { get; set; } = "";
    [JsonPropertyName("year")] public int Year { get; set; }
    [JsonPropertyName("weighting")] public string Weighting { get; set; } = "";
    [JsonPropertyName("appreciation")] public double? Appreciation { get; set; }
    [JsonPropertyName("index")] public double Index { get; set; }
}

/// <summary>A tract output row: <c>census_tract,cbsa_code,supertract_id,year,appreciation,index</c>.</summary>
public sealed class TractIndexRow
{
    [JsonPropertyName("census_tract")] public string CensusTract { get; set; } = "";
    [JsonPropertyName("cbsa_code")] public string CbsaCode { get; set; } = "";
    [JsonPropertyName("supertract_id")] public string SupertractId { get; set; } = "";
    [JsonPropertyName("year")] public int Year { get; set; }
    [JsonPropertyName("appreciation")] public double? Appreciation { get; set; }
    [JsonPropertyName("index")] public double Index { get; set; }
}

/// <summary>A national output row: <c>year,weighting,appreciation,index</c>.</summary>
public sealed class NationalIndexRow
{
    [JsonPropertyName("year")] public int Year { get; set; }
    [JsonPropertyName("weighting")] public string Weighting { get; set; } = "";
    [JsonPropertyName("appreciation")] public double? Appreciation { get; set; }
    [JsonPropertyName("index")] public double Index { get; set; }
}

/// <summary>Turns run results into output rows, rebased to 100 at the base year and limited to the chosen weightings.
/// A series that does not contain the base year cannot be rebased and is left out (counted in <c>seriesWithoutBaseYear</c>).</summary>
public static class IndexRows
{
    /// <summary>CBSA rows, CBSA by CBSA, weighting by weighting, year by year.</summary>
    public static List<CbsaIndexRow> Cbsa(IEnumerable<CbsaIndexResult> results, IReadOnlyList<WeightingScheme> weightings, int? baseYear,
        out int seriesWithoutBaseYear)
    {
        var rows = new List<CbsaIndexRow>();
        seriesWithoutBaseYear = 0;
        foreach (var result in results)
        {
            foreach (var w in weightings)
            {
                var rebased = IndexChain.Rebase(result.For(w).Points, baseYear);
                if (rebased is null)
                {
                    seriesWithoutBaseYear++;
                    continue;
                }

                rows.AddRange(rebased.Select(r => new CbsaIndexRow
                {
                    CbsaCode = result.CbsaCode, Year = r.Point.Year, Weighting = w.Name(), Appreciation = r.Point.Appreciation, Index = r.Index,
                }));
            }
        }

        return rows;
    }

    /// <summary>Tract rows, tract by tract (CBSA order, then tract code), year by year.</summary>
    public static List<TractIndexRow> Tract(IEnumerable<CbsaIndexResult> results, int? baseYear, out int seriesWithoutBaseYear)
    {
        var rows = new List<TractIndexRow>();
        seriesWithoutBaseYear = 0;
        foreach (var result in results)
        {
            foreach (var tract in result.Tracts)
            {
                var points = tract.Points.Select(p => new IndexPoint(p.Year, p.Appreciation, p.Level)).ToArray();
                var rebased = IndexChain.Rebase(points, baseYear);
                if (rebased is null)
                {
                    seriesWithoutBaseYear++;
                    continue;
                }

                for (var i = 0; i < rebased.Count; i++)
                {
                    rows.Add(new TractIndexRow
                    {
                        CensusTract = tract.TractCode, CbsaCode = result.CbsaCode, SupertractId = tract.Points[i].SupertractId,
                        Year = rebased[i].Point.Year, Appreciation = rebased[i].Point.Appreciation, Index = rebased[i].Index,
                    });
                }
            }
        }

        return rows;
    }

    /// <summary>National rows, weighting by weighting, year by year.</summary>
    public static List<NationalIndexRow> National(IEnumerable<CbsaSeries> national, IReadOnlyList<WeightingScheme> weightings, int? baseYear,
        out int seriesWithoutBaseYear)
    {
        var rows = new List<NationalIndexRow>();
        seriesWithoutBaseYear = 0;
        foreach (var series in national.Where(s => weightings.Contains(s.Weighting)))
        {
            var rebased = IndexChain.Rebase(series.Points, baseYear);
            if (rebased is null)
            {
                seriesWithoutBaseYear++;
                continue;
            }

            rows.AddRange(rebased.Select(r => new NationalIndexRow
            {
                Year = r.Point.Year, Weighting = series.Weighting.Name(), Appreciation = r.Point.Appreciation, Index = r.Index,
            }));
        }

        return rows;
    }
}
