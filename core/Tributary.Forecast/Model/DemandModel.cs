using Tributary.Forecast.Input;

namespace Tributary.Forecast.Model;

/// <summary>Demand models of one vendor's series, trained on that vendor's history with priors from the whole market.</summary>
/// <remarks>The per-vendor entry point is the partition unit of the pipeline: <see cref="MarketPriors"/> is computed once, then
/// each vendor trains alone. The whole-market CLI path runs exactly this per vendor.</remarks>
public sealed class DemandModel
{
    private const int P = DemandFeatures.Count;
    private readonly Dictionary<SeriesKey, SeriesModel> _series;

    private DemandModel(MarketPriors priors, IReadOnlyList<SeriesModel> series, double vendorOffset)
    {
        Priors = priors;
        Series = series;
        VendorOffset = vendorOffset;
        _series = series.ToDictionary(s => s.Key);
    }

    public MarketPriors Priors { get; }

    /// <summary>The vendor's series models, in the history's order.</summary>
    public IReadOnlyList<SeriesModel> Series { get; }

    /// <summary>How much the vendor's established products sell above (positive) or below their categories, in logs.</summary>
    public double VendorOffset { get; }

    public SeriesModel this[SeriesKey key] => _series[key];

    /// <summary>Trains the series of <paramref name="vendorInputs"/>.Sales (one vendor's history; weather and events of the market).</summary>
    public static DemandModel Train(ForecastInputs vendorInputs, MarketPriors priors)
    {
        var settings = priors.Settings;
        var products = vendorInputs.Sales.Products;
        var models = new SeriesModel?[products.Count];
        var seriesPrecision = ModelSettings.Precisions(settings.SeriesSpread, 1 / (settings.LevelSpread * settings.LevelSpread));

        // Established products first: their levels against their groups tell how this vendor sells.
        var offsets = new List<double>();
        for (var i = 0; i < products.Count; i++)
        {
            if (products[i].Days.Length >= settings.MinOwnDays)
            {
                var group = priors.For(products[i].Key.Market, products[i].Category);
                models[i] = Fit(products[i], vendorInputs, priors, group, group.LevelMean, seriesPrecision, Pooling.OwnHistory);
                offsets.Add(Math.Log(models[i]!.ExpectedLevel) - group.LevelMean);
            }
        }

        // Shrunk toward zero: one established product says less about a vendor than ten do.
        var offset = offsets.Count == 0 ? 0 : offsets.Sum() / (offsets.Count + 1);
        for (var i = 0; i < products.Count; i++)
        {
            if (models[i] is null)
            {
                var group = priors.For(products[i].Key.Market, products[i].Category);
                var precision = (double[])seriesPrecision.Clone();
                precision[DemandFeatures.Level] = 1 / group.LevelVariance;
                models[i] = Fit(products[i], vendorInputs, priors, group, group.LevelMean + offset, precision,
                    products[i].Category is null ? Pooling.VendorAndMarket : Pooling.VendorAndCategory);
            }
        }

        return new DemandModel(priors, models.Select(m => m!).ToArray(), offset);
    }

    private static SeriesModel Fit(ProductHistory product, ForecastInputs inputs, MarketPriors priors, GroupPrior group, double level,
        double[] precision, Pooling pooling)
    {
        var usualPrice = DesignRows.UsualPrice(product);
        var rows = DesignRows.Build(product, inputs, priors.Reference, usualPrice, priors.Settings.HandleCensoring);
        var mean = (double[])group.Beta.Clone();
        mean[DemandFeatures.Level] = level;
        var beta = (double[])mean.Clone();
        var factor = CensoredRegression.FitSeries(rows, mean, precision, group.Size, beta, priors.Settings.SeriesIterations);
        var typical = new double[P];
        for (var i = 0; i < rows.N; i++)
        {
            var x = rows.Row(i);
            for (var j = 0; j < P; j++)
            {
                typical[j] += x[j] / rows.N;
            }
        }

        return new SeriesModel(product, beta, factor, group.Size, usualPrice, typical, pooling);
    }
}
