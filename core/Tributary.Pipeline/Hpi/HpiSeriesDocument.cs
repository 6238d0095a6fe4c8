namespace Tributary.Pipeline.Hpi;

/// <summary>
/// One index series in the `hpi-series` container: all years of one (dataset, CBSA, weighting), so GET /api/hpi/{cbsa} is a
/// single-partition read. The id is deterministic, so a re-run partition overwrites its series instead of duplicating it.
/// </summary>
/// <param name="CbsaCode">Partition key; `national` for the national series.</param>
public sealed record HpiSeriesDocument(
    string Id,
    string CbsaCode,
    string Dataset,
    string Weighting,
    string RunId,
    int? BaseYear,
    IReadOnlyList<HpiSeriesPoint> Points)
{
    /// <summary>The id of a series: `{dataset}|{cbsa}|{weighting}`.</summary>
    public static string IdOf(string dataset, string cbsa, string weighting) => $"{dataset}|{cbsa}|{weighting}";
}

/// <summary>One year of a series: log appreciation from the previous year, chained level (first year 1) and index (base year 100).</summary>
public sealed record HpiSeriesPoint(int Year, double? Appreciation, double Level, double Index);
