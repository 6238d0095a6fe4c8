using Tributary.Hpi.Chaining;
using Tributary.Hpi.Pairs;
using Tributary.Hpi.Weighting;

namespace Tributary.Hpi.Calculation;

/// <summary>Everything computed for one CBSA: its index under each weighting, its tracts' indices, its share of the national
/// aggregate and the diagnostics a quality report needs.</summary>
/// <param name="Series">One series per weighting, in <see cref="WeightingSchemes.All"/> order.</param>
public sealed record CbsaIndexResult(
    string CbsaCode,
    IReadOnlyList<CbsaSeries> Series,
    IReadOnlyList<TractSeries> Tracts,
    IReadOnlyList<NationalContribution> Contributions,
    CbsaDiagnostics Diagnostics)
{
    /// <summary>The series of one weighting.</summary>
    public CbsaSeries For(WeightingScheme weighting) => Series.First(s => s.Weighting == weighting);
}

/// <summary>A chained index under one weighting.</summary>
public sealed record CbsaSeries(WeightingScheme Weighting, IReadOnlyList<IndexPoint> Points);

/// <summary>One tract's chained index: each year the appreciation of the supertract it belonged to that year.</summary>
public sealed record TractSeries(string TractCode, IReadOnlyList<TractIndexPoint> Points);

/// <summary>One year of a tract index.</summary>
/// <param name="SupertractId">The tract's supertract that year: the lowest member tract code, with "+k" for k further members;
/// empty in the chain's first year (no supertract is built for it).</param>
public sealed record TractIndexPoint(int Year, string SupertractId, double? Appreciation, double Level);

/// <summary>One CBSA's part of the national index for one year and weighting: Σ measure·p̂ and Σ measure over its supertracts.
/// National p̂(t) = Σ_cbsa WeightedAppreciation / Σ_cbsa Measure, so the nation is a merge of these, then a chain.</summary>
public sealed record NationalContribution(string CbsaCode, int Year, WeightingScheme Weighting, double WeightedAppreciation, double Measure);

/// <summary>What happened inside one CBSA's computation.</summary>
/// <param name="FirstYear">First output year (chain start), or null when the CBSA has no usable pairs.</param>
/// <param name="YearsWithoutEstimate">Output years for which the whole CBSA could not reach the half-pair threshold.</param>
/// <param name="HalfPairs">Half-pairs per tract and year of kept pairs.</param>
public sealed record CbsaDiagnostics(
    PairFilterCounts Filters,
    int? FirstYear,
    int? LastYear,
    IReadOnlyList<int> YearsWithoutEstimate,
    IReadOnlyList<SupertractYearSummary> SupertractYears,
    HalfPairTable HalfPairs);

/// <summary>One year's supertracts in a CBSA.</summary>
/// <param name="TractsMerged">Tracts sharing a supertract with another tract.</param>
/// <param name="RegressionsSolved">BMN systems solved this year (supertracts whose member set was already solved reuse it).</param>
public sealed record SupertractYearSummary(int Year, int Tracts, int Supertracts, int TractsMerged, int RegressionsSolved, bool Estimated);

/// <summary>Half-pair counts per tract (rows) and year (columns from <see cref="FirstYear"/>).</summary>
public sealed record HalfPairTable(int FirstYear, int Years, int[] Counts)
{
    /// <summary>An empty table.</summary>
    public static HalfPairTable Empty { get; } = new(0, 0, []);

    /// <summary>Half-pairs of tract <paramref name="tract"/> in <paramref name="year"/> (0 outside the table).</summary>
    public int Get(int tract, int year)
    {
        var p = year - FirstYear;
        return p >= 0 && p < Years ? Counts[tract * Years + p] : 0;
    }
}
