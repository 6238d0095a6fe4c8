using Tributary.Forecast.Input;

namespace Tributary.Forecast.Feedback;

/// <summary>A recommendation as written to recommendations.csv, read back to compare with what happened.</summary>
public sealed record IssuedRecommendation(SeriesKey Key, DateOnly Date, int RecommendedUnits, int MedianUnits, int P10Units, int P90Units, int ModelVersion);
