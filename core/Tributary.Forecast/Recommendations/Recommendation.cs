namespace Tributary.Forecast.Recommendations;

/// <summary>What one vendor should bring of one product to one market day, and why.</summary>
/// <param name="RecommendedUnits">The service-level quantile of predicted demand.</param>
/// <param name="ExpectedUnitsSold">E[min(demand, recommended)].</param>
/// <param name="ExpectedRevenue">Expected units sold × the last price.</param>
/// <param name="InputsUsed">Which inputs the forecast used and what it fell back to (see docs/forecast.md).</param>
/// <param name="Reason">The main drivers against a typical day, e.g. "rain forecast 9 mm −18%, Summer Festival +35%".</param>
public sealed record Recommendation(
    DateOnly Date,
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
    string Reason);
