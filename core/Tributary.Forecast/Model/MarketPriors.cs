using System.Text.Json;
using Tributary.Forecast.Input;

namespace Tributary.Forecast.Model;

/// <summary>Shared effects estimated from the whole market, the prior each vendor's model shrinks toward (partial pooling).</summary>
/// <remarks>Two levels: market-wide coefficients shrink toward "no effect", each (market, category) group's toward the
/// market-wide ones. They are computed once per run from every vendor's history and handed to <see cref="DemandModel.Train"/>
/// with one vendor's data, so the pipeline can fan out one vendor per activity and still pool.</remarks>
public sealed class MarketPriors
{
    private readonly Dictionary<(string Market, string Category), GroupPrior> _groups;

    private MarketPriors(DateOnly reference, GroupPrior global, Dictionary<(string, string), GroupPrior> groups, ModelSettings settings)
    {
        Reference = reference;
        Global = global;
        _groups = groups;
        Settings = settings;
    }

    /// <summary>The end of the market's history: trends are measured from it and recency ("sold in the last 365 days") too.</summary>
    public DateOnly Reference { get; }

    /// <summary>The market-wide prior, the fallback for a group not seen when the priors were computed.</summary>
    public GroupPrior Global { get; }

    public ModelSettings Settings { get; }

    public IReadOnlyCollection<GroupPrior> Groups => _groups.Values;

    /// <summary>The prior of a series' (market, category); the market-wide one when that group is unknown.</summary>
    public GroupPrior For(string market, string? category) => _groups.GetValueOrDefault((market, category ?? "")) ?? Global;

    /// <summary>Fits the priors from the whole market's history (sampling at most the configured number of series per group).</summary>
    public static MarketPriors Fit(ForecastInputs inputs, ModelSettings? settings = null)
    {
        settings ??= new ModelSettings();
        var reference = inputs.Sales.Last;
        var byGroup = inputs.Sales.Products.GroupBy(p => (p.Key.Market, p.Category ?? ""))
            .OrderBy(g => g.Key.Market, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal)
            .Select(g => (g.Key, Series: Stride(g.ToArray(), settings.MaxSeriesPerGroup))).ToArray();

        var sample = Stride(byGroup.SelectMany(g => g.Series).ToArray(), settings.MaxSeriesGlobal);
        var globalPrecision = ModelSettings.Precisions(settings.GlobalSpread, 0);
        var global = FitGroup("*", null, sample, inputs, reference, new double[DemandFeatures.Count], globalPrecision, settings);

        var groupPrecision = ModelSettings.Precisions(settings.GroupSpread, 0);
        var fitted = new (GroupPrior Prior, DispersionEvidence Noise)[byGroup.Length];
        Parallel.For(0, byGroup.Length, i =>
        {
            var (key, series) = byGroup[i];
            fitted[i] = FitGroup(key.Market, key.Item2.Length == 0 ? null : key.Item2, series, inputs, reference, global.Prior.Beta,
                groupPrecision, settings);
        });

        // Noise is estimated from the groups' residuals together (the market-wide fit's residuals also hold the category
        // effects it lacks), and each group's estimate is shrunk toward that.
        var marketNoise = new DispersionEvidence();
        foreach (var group in fitted)
        {
            marketNoise.Add(group.Noise);
        }

        var groups = fitted.Select(g => g.Prior with { Size = g.Noise.SizeShrunkToward(marketNoise, settings.NoisePriorDays) }).ToArray();

        return new MarketPriors(reference, global.Prior with { Size = marketNoise.Size }, groups.ToDictionary(g => (g.Market, g.Category ?? "")), settings);
    }

    private static (GroupPrior Prior, DispersionEvidence Noise) FitGroup(string market, string? category, IReadOnlyList<ProductHistory> series, ForecastInputs inputs,
        DateOnly reference, double[] priorMean, double[] precision, ModelSettings settings)
    {
        var rows = series.Select(p => DesignRows.Build(p, inputs, reference, DesignRows.UsualPrice(p), settings.HandleCensoring)).ToArray();
        var (beta, levels, noise) = CensoredRegression.FitPooled(rows, priorMean, precision, settings.PooledIterations);

        // Levels of series with a few days only are noisy; the spread is measured on those with their own history.
        var own = levels.Where((_, i) => rows[i].N >= settings.MinOwnDays).ToArray();
        var basis = own.Length > 0 ? own : levels;
        var mean = basis.Length == 0 ? 0 : basis.Average();
        var variance = basis.Length > 1 ? basis.Sum(l => (l - mean) * (l - mean)) / (basis.Length - 1) : 1.0;
        return (new GroupPrior(market, category, beta, mean, Math.Max(variance, 0.01), noise.Size, series.Count), noise);
    }

    /// <summary>Writes the priors as JSON, so a pipeline's plan step can compute them once and each vendor's activity read them.</summary>
    public void Save(Stream stream) =>
        JsonSerializer.Serialize(stream, new PriorsFile(Reference, Global, _groups.Values.ToArray(), Settings), JsonOptions);

    /// <summary>Reads priors written by <see cref="Save"/>.</summary>
    public static MarketPriors Load(Stream stream)
    {
        var file = JsonSerializer.Deserialize<PriorsFile>(stream, JsonOptions) ?? throw new InvalidDataException("empty priors file");
        return new MarketPriors(file.Reference, file.Global, file.Groups.ToDictionary(g => (g.Market, g.Category ?? "")), file.Settings);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private sealed record PriorsFile(DateOnly Reference, GroupPrior Global, GroupPrior[] Groups, ModelSettings Settings);

    /// <summary>Every (n/max)-th element: a deterministic sample spread over the ordered list.</summary>
    private static T[] Stride<T>(T[] items, int max)
    {
        if (items.Length <= max)
        {
            return items;
        }

        var result = new T[max];
        for (var i = 0; i < max; i++)
        {
            result[i] = items[(int)((long)i * items.Length / max)];
        }

        return result;
    }
}
