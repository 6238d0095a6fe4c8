using Tributary.Forecast.Input;

namespace Tributary.Forecast.Model;

/// <summary>Demand models of one vendor's series, trained on that vendor's history with priors from the whole market.</summary>
/// <remarks>The per-vendor entry point is the partition unit of the pipeline: <see cref="MarketPriors"/> is computed once, then
/// each vendor trains alone. The whole-market CLI path runs exactly this per vendor. A partition may also hold several
/// vendors (a bucket of them, to keep a run to hundreds of partitions): each vendor's offset is computed from its own series.</remarks>
public sealed class DemandModel
{
    private const int P = DemandFeatures.Count;
    private readonly Dictionary<SeriesKey, SeriesModel> _series;

    private readonly Dictionary<string, double> _offsets;

    private DemandModel(MarketPriors priors, IReadOnlyList<SeriesModel> series, Dictionary<string, double> offsets)
    {
        Priors = priors;
        Series = series;
        _offsets = offsets;
        _series = series.ToDictionary(s => s.Key);
    }

    public MarketPriors Priors { get; }

    /// <summary>The vendor's series models, in the history's order.</summary>
    public IReadOnlyList<SeriesModel> Series { get; }

    /// <summary>How much a vendor's established products sell above (positive) or below their groups, in logs (shrunk).</summary>
    public double VendorOffset(string vendor) => _offsets.GetValueOrDefault(vendor);

    public SeriesModel this[SeriesKey key] => _series[key];

    /// <summary>Trains the series of <paramref name="vendorInputs"/>.Sales (one vendor's history, or a bucket of vendors';
    /// weather and events of the market).</summary>
    public static DemandModel Train(ForecastInputs vendorInputs, MarketPriors priors)
    {
        var settings = priors.Settings;
        var products = vendorInputs.Sales.Products;
        var models = new SeriesModel?[products.Count];
        var seriesPrecision = ModelSettings.Precisions(settings.SeriesSpread, 1 / (settings.LevelSpread * settings.LevelSpread));

        // Established products first: their levels against their groups tell how each vendor sells.
        var evidence = new Dictionary<string, (double Sum, int Count)>();
        for (var i = 0; i < products.Count; i++)
        {
            if (products[i].Days.Length >= settings.MinOwnDays)
            {
                var group = priors.For(products[i].Key.Market, products[i].Category);
                models[i] = Fit(products[i], vendorInputs, priors, group, group.LevelMean, seriesPrecision, Pooling.OwnHistory);
                var (sum, count) = evidence.GetValueOrDefault(products[i].Key.Vendor);
                evidence[products[i].Key.Vendor] = (sum + Math.Log(models[i]!.ExpectedLevel) - group.LevelMean, count + 1);
            }
        }

        // Shrunk toward zero: one established product says less about a vendor than ten do.
        var offsets = evidence.ToDictionary(e => e.Key, e => e.Value.Sum / (e.Value.Count + 1));
        for (var i = 0; i < products.Count; i++)
        {
            if (models[i] is null)
            {
                var group = priors.For(products[i].Key.Market, products[i].Category);
                var precision = (double[])seriesPrecision.Clone();
                precision[DemandFeatures.Level] = 1 / group.LevelVariance;
                models[i] = Fit(products[i], vendorInputs, priors, group, group.LevelMean + offsets.GetValueOrDefault(products[i].Key.Vendor), precision,
                    products[i].Category is null ? Pooling.VendorAndMarket : Pooling.VendorAndCategory);
            }
        }

        return new DemandModel(priors, models.Select(m => m!).ToArray(), offsets);
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
