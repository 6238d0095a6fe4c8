using Tributary.Forecast.Input;
using Tributary.Forecast.Model;

namespace Tributary.Forecast.Recommendations;

/// <summary>The whole-market path: priors from everyone, then each vendor trained and recommended for alone, exactly as a
/// pipeline activity per vendor would do it.</summary>
public static class MarketRecommendations
{
    /// <summary>Recommendations for every vendor, ordered by date, market, vendor, product.</summary>
    /// <param name="vendorDone">Called with (vendors done, vendors in all) as vendors finish, for progress.</param>
    public static (MarketPriors Priors, IReadOnlyList<Recommendation> Recommendations) Compute(ForecastInputs inputs,
        IReadOnlyList<DateOnly> dates, double serviceLevel = Recommender.DefaultServiceLevel, ModelSettings? settings = null,
        Action<int, int>? vendorDone = null, CancellationToken cancel = default)
    {
        Recommender.CheckServiceLevel(serviceLevel);
        var priors = MarketPriors.Fit(inputs, settings);
        var vendors = inputs.Sales.ByVendor();
        var results = new IReadOnlyList<Recommendation>[vendors.Count];
        var done = 0;
        Parallel.For(0, vendors.Count, new ParallelOptions { CancellationToken = cancel }, i =>
        {
            var vendorInputs = inputs.WithSales(vendors[i]);
            var model = DemandModel.Train(vendorInputs, priors);
            results[i] = Recommender.Recommend(model, dates, vendorInputs, serviceLevel);
            vendorDone?.Invoke(Interlocked.Increment(ref done), vendors.Count);
        });

        var all = results.SelectMany(r => r)
            .OrderBy(r => r.Date).ThenBy(r => r.Market, StringComparer.Ordinal).ThenBy(r => r.Vendor, StringComparer.Ordinal)
            .ThenBy(r => r.Product, StringComparer.Ordinal).ToArray();
        return (priors, all);
    }
}
