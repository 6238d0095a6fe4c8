using Tributary.Hpi.Pairs;

namespace Tributary.Hpi.Quality;

/// <summary>What a data user needs before trusting a run (<c>hpi quality</c>), serialisable with System.Text.Json.</summary>
/// <param name="TransactionRows">Transaction rows accepted.</param>
/// <param name="RejectedRows">Rows rejected under --skip-invalid, by reason (all input files).</param>
/// <param name="RejectExamples">The first rejected rows, as file:line: field: problem.</param>
/// <param name="PairsAcrossTracts">Consecutive sales of a property recorded in different tracts (no pair formed).</param>
/// <param name="Pairs">Pairs built, dropped by each filter (first filter that applies, in the order same period, ratio above
/// max, ratio below min, CAGR), and kept.</param>
/// <param name="TractYearsBelowThreshold">Tract-years (from a tract's first to last year with sales) with fewer half-pairs than
/// the threshold: these tracts need merging that year.</param>
/// <param name="Supertracts">Per year: tracts, supertracts, tracts merged and CBSAs without an estimate. Null when no tracts
/// file was given (centroids are needed to merge).</param>
public sealed record QualityReport(
    long TransactionRows,
    long Properties,
    int Tracts,
    int Cbsas,
    IReadOnlyDictionary<string, long> RejectedRows,
    IReadOnlyList<string> RejectExamples,
    long PairsAcrossTracts,
    PairFilterCounts Pairs,
    int HalfPairThreshold,
    long TractYearsBelowThreshold,
    IReadOnlyList<TractYearHalfPairs> HalfPairs,
    IReadOnlyList<SupertractYearQuality>? Supertracts);

/// <summary>Half-pairs of one tract in one year (kept pairs; each pair counts once in its first and once in its second year).</summary>
public sealed record TractYearHalfPairs(string CensusTract, string CbsaCode, int Year, int HalfPairs);

/// <summary>Supertract formation in one year, over all CBSAs.</summary>
public sealed record SupertractYearQuality(int Year, int Tracts, int Supertracts, int TractsMerged, int CbsasWithoutEstimate);
