using System.Security.Cryptography;
using System.Text;
using Tributary.Forecast.Recommendations;

namespace Tributary.Pipeline.Forecast;

/// <summary>
/// Ids and kinds of the documents in `forecast-recommendations` (partition key `runId`). A recommendation and the feedback
/// on it share the key (date, market, vendor, product), so feedback finds its recommendation with one point read, and a
/// retried partition or a day reported again overwrites instead of duplicating.
/// </summary>
public static class ForecastDocuments
{
    /// <summary>`docType` of a recommendation document.</summary>
    public const string Recommendation = "recommendation";

    /// <summary>`docType` of a feedback document.</summary>
    public const string Feedback = "feedback";

    /// <summary>The id of a document of the given kind for one (date, market, vendor, product).</summary>
    /// <remarks>Names may hold characters Cosmos ids refuse (`/`, `\`, `?`, `#`), so the series part is a hash of the names.</remarks>
    public static string Id(string docType, DateOnly date, string market, string vendor, string product)
    {
        var series = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', market, vendor, product)));
        var prefix = docType == Recommendation ? "rec" : "fb";
        return $"{prefix}|{date:yyyy-MM-dd}|{Convert.ToHexStringLower(series, 0, 12)}";
    }
}

/// <summary>One recommendation as stored: the CLI's recommendations.csv row plus its details, with top-level vendor and product to filter on.</summary>
public sealed record ForecastRecommendationDocument(
    string Id,
    string RunId,
    string DocType,
    string Date,
    string Market,
    string Vendor,
    string Product,
    string? Category,
    int RecommendedUnits,
    int MedianUnits,
    int P10Units,
    int P90Units,
    double MeanDemand,
    double ExpectedUnitsSold,
    double ExpectedRevenue,
    double Price,
    double ServiceLevel,
    string InputsUsed,
    string Reason,
    int ModelVersion)
{
    /// <summary>The document of one recommendation of a run.</summary>
    public static ForecastRecommendationDocument From(string runId, Recommendation r, int modelVersion)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ForecastRecommendationDocument(
            ForecastDocuments.Id(ForecastDocuments.Recommendation, r.Date, r.Market, r.Vendor, r.Product), runId, ForecastDocuments.Recommendation,
            r.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), r.Market, r.Vendor, r.Product, r.Category,
            r.RecommendedUnits, r.MedianUnits, r.P10Units, r.P90Units, r.MeanDemand, r.ExpectedUnitsSold, r.ExpectedRevenue, r.Price, r.ServiceLevel,
            r.InputsUsed, r.Reason, modelVersion);
    }
}

/// <summary>What happened to one recommendation, as reported through the feedback route: recommended vs brought vs sold.</summary>
public sealed record ForecastFeedbackDocument(
    string Id,
    string RunId,
    string DocType,
    string Date,
    string Market,
    string Vendor,
    string Product,
    int ModelVersion,
    int RecommendedUnits,
    int MedianUnits,
    int? UnitsBrought,
    int UnitsSold,
    bool SoldOut,
    int? BroughtMinusRecommended,
    int WasteUnits,
    DateTimeOffset RecordedAt);
