using Tributary.Forecast.Input;

namespace Tributary.Forecast.Model;

/// <summary>The predicted demand distribution of one series on one coming day, with what it rests on.</summary>
/// <param name="Mean">Expected demand μ.</param>
/// <param name="Size">Negative-binomial size including the uncertainty of the coefficients (smaller = wider).</param>
/// <param name="Effects">Log-effect of each driver against a typical day of the series (season: against the annual mean).</param>
public sealed record DemandForecast(
    SeriesKey Key,
    DateOnly Date,
    double Mean,
    double Size,
    WeatherObservation Weather,
    WeatherSource WeatherSource,
    IReadOnlyList<MarketEvent> Events,
    IReadOnlyDictionary<Driver, double> Effects)
{
    public int Quantile(double q) => NegativeBinomial.Quantile(Mean, Size, q);
}
