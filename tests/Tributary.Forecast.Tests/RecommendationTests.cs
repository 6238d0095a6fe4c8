using Tributary.Forecast.Input;
using Tributary.Forecast.Model;
using Tributary.Forecast.Recommendations;
using Tributary.Forecast.Simulation;

namespace Tributary.Forecast.Tests;

/// <summary>Recommendations: contract rows, quantiles, fallbacks, reasons, and the per-vendor entry point.</summary>
public sealed class RecommendationTests(SimulatedMarkets markets) : IClassFixture<SimulatedMarkets>
{
    private SimulatedMarket Market => markets.Market;

    [Fact]
    public void One_row_per_date_and_series_sold_in_the_last_year_with_ordered_quantiles()
    {
        var dates = Market.FutureDates.Take(2).ToArray();
        var (_, recommendations) = MarketRecommendations.Compute(Market.Inputs, dates);
        var sales = Market.Inputs.Sales;
        var active = sales.Products.Where(p => p.Days[^1].Date > sales.Last.AddDays(-365)).Select(p => p.Key).ToHashSet();
        Assert.True(active.Count < sales.Products.Count, "the simulator drops some products more than a year before the end");
        Assert.Equal(dates.Length * active.Count, recommendations.Count);
        Assert.Equal(active, recommendations.Where(r => r.Date == dates[0]).Select(r => new SeriesKey(r.Market, r.Vendor, r.Product)).ToHashSet());
        Assert.All(recommendations, r =>
        {
            Assert.True(r.P10Units <= r.MedianUnits && r.MedianUnits <= r.P90Units);
            Assert.True(r.RecommendedUnits >= r.MedianUnits && r.RecommendedUnits <= r.P90Units);
            Assert.True(r.ExpectedUnitsSold <= Math.Min(r.MeanDemand, r.RecommendedUnits) + 1e-9);
            Assert.Equal(r.ExpectedUnitsSold * r.Price, r.ExpectedRevenue, 6);
        });
    }

    [Fact]
    public void A_higher_service_level_brings_more_and_sells_out_less()
    {
        var date = Market.FutureDates[0];
        var low = MarketRecommendations.Compute(Market.Inputs, [date], 0.6).Recommendations;
        var high = MarketRecommendations.Compute(Market.Inputs, [date], 0.95).Recommendations;
        Assert.All(low.Zip(high), pair => Assert.True(pair.Second.RecommendedUnits >= pair.First.RecommendedUnits));
        Assert.True(high.Sum(r => r.RecommendedUnits) > low.Sum(r => r.RecommendedUnits));
        Assert.Throws<ArgumentOutOfRangeException>(() => MarketRecommendations.Compute(Market.Inputs, [date], 1.0));
    }

    [Fact]
    public void Per_vendor_training_with_market_priors_gives_the_whole_market_answer()
    {
        var date = Market.FutureDates[0];
        var (priors, all) = MarketRecommendations.Compute(Market.Inputs, [date]);
        var vendor = Market.Inputs.Sales.Vendors[3];
        var alone = Recommender.Recommend(DemandModel.Train(Market.Inputs.WithSales(Market.Inputs.Sales.ForVendor(vendor)), priors), [date], Market.Inputs);
        Assert.NotEmpty(alone);
        Assert.Equal(all.Where(r => r.Vendor == vendor).OrderBy(r => r.Market).ThenBy(r => r.Product), alone.OrderBy(r => r.Market).ThenBy(r => r.Product));
    }

    [Fact]
    public void New_products_borrow_from_vendor_and_category_and_say_so()
    {
        var date = Market.FutureDates[0];
        var recommendations = MarketRecommendations.Compute(Market.Inputs, [date]).Recommendations;
        var fresh = recommendations.Where(r => Market.Inputs.Sales.Products.Single(p => p.Key == new SeriesKey(r.Market, r.Vendor, r.Product)).Days.Length < 8).ToArray();
        Assert.NotEmpty(fresh);
        Assert.All(fresh, r =>
        {
            Assert.Contains(";prior=vendor+category", r.InputsUsed);
            Assert.StartsWith("new product", r.Reason.Split(", ").First(p => !p.StartsWith("no ", StringComparison.Ordinal)));
        });

        // Without a catalogue there are no categories: the prior comes from the vendor and the market.
        var uncategorised = new ForecastInputs(new SalesHistory(Market.Inputs.Sales.Products.Select(p => new ProductHistory(p.Key, null, p.Days)).ToArray()),
            Market.Inputs.Weather, Market.Inputs.Events);
        var plain = MarketRecommendations.Compute(uncategorised, [date]).Recommendations;
        Assert.Equal(fresh.Length, plain.Count(r => r.InputsUsed.Contains(";prior=vendor+market", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_event_day_names_the_event_and_lifts_the_recommendation()
    {
        var events = Market.Inputs.Events!;
        var (market, date) = Market.FutureDates.SelectMany(d => Market.Inputs.Sales.Products.Select(p => (p.Key.Market, d)))
            .First(x => events.On(x.Market, x.d).Count > 0);
        var name = events.On(market, date)[0].Name;
        var with = MarketRecommendations.Compute(Market.Inputs, [date]).Recommendations.Where(r => r.Market == market).ToArray();
        var without = MarketRecommendations.Compute(Market.Inputs with { Events = new EventCalendar([]) }, [date]).Recommendations
            .Where(r => r.Market == market).ToArray();
        Assert.All(with, r => Assert.Contains("events=listed", r.InputsUsed));
        Assert.All(without, r => Assert.Contains("events=none_listed", r.InputsUsed));
        Assert.True(with.Count(r => r.Reason.Contains(name, StringComparison.Ordinal)) > with.Length / 2);
        Assert.True(with.Sum(r => r.MeanDemand) > 1.1 * without.Sum(r => r.MeanDemand));
        var missing = MarketRecommendations.Compute(Market.Inputs with { Events = null }, [date]).Recommendations;
        Assert.All(missing, r => Assert.Contains("events=missing", r.InputsUsed));
    }

    [Fact]
    public void Reason_percentages_use_a_true_minus_sign()
    {
        Assert.Equal("+35%", ReasonText.Percent(0.349));
        Assert.Equal("\u221218%", ReasonText.Percent(-0.18));
    }
}

/// <summary>The pipeline shape: priors computed once, saved, loaded by a per-vendor step.</summary>
public sealed class PriorsTransportTests(SimulatedMarkets markets) : IClassFixture<SimulatedMarkets>
{
    [Fact]
    public void Saved_and_loaded_priors_give_the_same_recommendations()
    {
        var market = markets.Market;
        var date = market.FutureDates[0];
        var (priors, all) = MarketRecommendations.Compute(market.Inputs, [date]);
        using var buffer = new MemoryStream();
        priors.Save(buffer);
        buffer.Position = 0;
        var loaded = MarketPriors.Load(buffer);
        Assert.Equal(priors.Groups.Count, loaded.Groups.Count);
        var vendor = market.Inputs.Sales.Vendors[^1];
        var vendorInputs = market.Inputs.WithSales(market.Inputs.Sales.ForVendor(vendor));
        var again = Recommender.Recommend(DemandModel.Train(vendorInputs, loaded), [date], vendorInputs);
        Assert.Equal(all.Where(r => r.Vendor == vendor).OrderBy(r => r.Market).ThenBy(r => r.Product), again.OrderBy(r => r.Market).ThenBy(r => r.Product));
    }
}

/// <summary>A partition holding several vendors trains each as if alone.</summary>
public sealed class VendorBucketTests(SimulatedMarkets markets) : IClassFixture<SimulatedMarkets>
{
    [Fact]
    public void A_bucket_of_vendors_gives_each_vendor_its_own_answer()
    {
        var market = markets.Market;
        var date = market.FutureDates[0];
        var priors = MarketPriors.Fit(market.Inputs);
        // Vendors with a new product (whose level leans on its vendor's offset) together with a few others.
        var withNew = market.Inputs.Sales.Products.Where(p => p.Days.Length < 8).Select(p => p.Key.Vendor).Distinct().Take(2).ToArray();
        Assert.NotEmpty(withNew);
        var vendors = withNew.Concat(market.Inputs.Sales.Vendors.Except(withNew).Take(3)).ToArray();
        var bucket = market.Inputs.WithSales(new SalesHistory(market.Inputs.Sales.Products.Where(p => vendors.Contains(p.Key.Vendor)).ToArray()));
        var model = DemandModel.Train(bucket, priors);
        Assert.True(vendors.Select(model.VendorOffset).Distinct().Count() > 1);
        var together = Recommender.Recommend(model, [date], bucket);
        var alone = vendors.SelectMany(v =>
        {
            var inputs = market.Inputs.WithSales(market.Inputs.Sales.ForVendor(v));
            return Recommender.Recommend(DemandModel.Train(inputs, priors), [date], inputs);
        });
        Assert.Equal(alone.OrderBy(r => r.Vendor).ThenBy(r => r.Market).ThenBy(r => r.Product), together.OrderBy(r => r.Vendor).ThenBy(r => r.Market).ThenBy(r => r.Product));
    }
}
