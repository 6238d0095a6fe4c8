using Tributary.Forecast.Input;
using Tributary.Forecast.Model;

namespace Tributary.Forecast.Recommendations;

/// <summary>Turns one vendor's demand model into recommendations for coming market days.</summary>
public static class Recommender
{
    /// <summary>The share of days on which what is brought should cover demand, unless the user says otherwise.</summary>
    public const double DefaultServiceLevel = 0.8;

    /// <summary>One recommendation per date × each of the model's series that sold in the 365 days before the market's
    /// history ended (a product dropped a year ago is not recommended).</summary>
    public static IReadOnlyList<Recommendation> Recommend(DemandModel model, IReadOnlyList<DateOnly> dates, ForecastInputs context,
        double serviceLevel = DefaultServiceLevel)
    {
        CheckServiceLevel(serviceLevel);
        var reference = model.Priors.Reference;
        var active = model.Series.Where(s => s.LastSale > reference.AddDays(-365)).ToArray();
        var result = new List<Recommendation>(dates.Count * active.Length);
        foreach (var date in dates)
        {
            foreach (var series in active)
            {
                result.Add(For(series, series.Predict(date, context, reference), serviceLevel, context.Events is not null));
            }
        }

        return result;
    }

    /// <summary>Throws unless 0 &lt; level &lt; 1.</summary>
    public static void CheckServiceLevel(double serviceLevel)
    {
        if (serviceLevel is <= 0 or >= 1 || double.IsNaN(serviceLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(serviceLevel), serviceLevel, "service level must lie strictly between 0 and 1");
        }
    }

    private static Recommendation For(SeriesModel series, DemandForecast f, double serviceLevel, bool eventsSupplied)
    {
        var bring = f.Quantile(serviceLevel);
        var sold = NegativeBinomial.ExpectedMin(f.Mean, f.Size, bring);
        return new Recommendation(f.Date, series.Key.Market, series.Key.Vendor, series.Key.Product, series.Category, bring,
            f.Quantile(0.5), f.Quantile(0.1), f.Quantile(0.9), f.Mean, sold, sold * series.LastPrice, series.LastPrice, serviceLevel,
            InputsUsed.For(f, series, eventsSupplied), ReasonText.For(f, series));
    }
}
