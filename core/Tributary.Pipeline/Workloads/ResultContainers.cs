namespace Tributary.Pipeline.Workloads;

/// <summary>Names of the result containers (infra/cosmos-containers.json): workloads write them, the read APIs query them.</summary>
public static class ResultContainers
{
    /// <summary>One document per (dataset, CBSA, weighting) series; partition key `cbsaCode`.</summary>
    public const string HpiSeries = "hpi-series";

    /// <summary>One document per break; partition key `runId`.</summary>
    public const string ReconBreaks = "recon-breaks";

    /// <summary>One document per suggested match of a reconciliation run (id = the grouping's fingerprint); partition key `runId`.</summary>
    public const string ReconSuggestions = "recon-suggestions";

    /// <summary>Generation run manifest and quality report; partition key `runId`.</summary>
    public const string GenRuns = "gen-runs";

    /// <summary>Recommendations and feedback of forecast runs; partition key `runId`, filtered by vendor and product inside it.</summary>
    public const string ForecastRecommendations = "forecast-recommendations";
}
