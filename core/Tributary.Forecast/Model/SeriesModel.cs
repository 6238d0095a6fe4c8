using Tributary.Forecast.Input;

namespace Tributary.Forecast.Model;

/// <summary>The fitted demand of one series: coefficients, their uncertainty, the noise, and the facts a forecast needs.</summary>
public sealed class SeriesModel
{
    private const int P = DemandFeatures.Count;
    private readonly double[] _beta;
    private readonly double[] _factor;
    private readonly double[] _typical;
    private readonly int _weekdays;

    internal SeriesModel(ProductHistory history, double[] beta, double[] factor, double size, double usualPrice, double[] typical, Pooling pooling)
    {
        Key = history.Key;
        Category = history.Category;
        _beta = beta;
        _factor = factor;
        _typical = typical;
        Size = size;
        UsualPrice = usualPrice;
        LastPrice = history.LastPrice;
        Days = history.Days.Length;
        SoldOutDays = history.Days.Count(d => d.SoldOut);
        LastSale = history.Days[^1].Date;
        Pooling = pooling;
        foreach (var day in history.Days)
        {
            _weekdays |= 1 << (int)day.Date.DayOfWeek;
        }
    }

    public SeriesKey Key { get; }

    public string? Category { get; }

    /// <summary>Negative-binomial size of the day-to-day noise (from the series' group).</summary>
    public double Size { get; }

    public double UsualPrice { get; }

    /// <summary>The price assumed for coming days.</summary>
    public double LastPrice { get; }

    /// <summary>Market days of history.</summary>
    public int Days { get; }

    /// <summary>Days that sold out (treated as censored).</summary>
    public int SoldOutDays { get; }

    public DateOnly LastSale { get; }

    public Pooling Pooling { get; }

    /// <summary>Whether the series has sold on this weekday before (if not, its weekday effect is the group's, not its own).</summary>
    public bool HasTradedOn(DayOfWeek day) => (_weekdays & (1 << (int)day)) != 0;

    /// <summary>The coefficient of a column (see <see cref="DemandFeatures"/>).</summary>
    public double Coefficient(int column) => _beta[column];

    /// <summary>Expected demand on a day of the history's own terms (for tests and the backtest).</summary>
    public double ExpectedLevel => Math.Exp(_beta[DemandFeatures.Level]);

    /// <summary>The demand distribution on <paramref name="date"/>, weather and events resolved with their fallbacks.</summary>
    public DemandForecast Predict(DateOnly date, ForecastInputs context, DateOnly reference)
    {
        var (weather, source) = WeatherTable.Resolve(context.Weather, Key.Market, date);
        var events = context.Events?.On(Key.Market, date) ?? [];
        Span<double> x = stackalloc double[P];
        DemandFeatures.Fill(x, date, reference, weather, DemandFeatures.EventLoad(events), UsualPrice > 0 ? LastPrice / UsualPrice : 1);
        var eta = 0.0;
        var effects = new Dictionary<Driver, double>();
        for (var j = 0; j < P; j++)
        {
            eta += _beta[j] * x[j];
            if (j == DemandFeatures.Level)
            {
                continue;
            }

            var driver = DemandFeatures.DriverOf[j];
            var baseline = driver is Driver.Weekday or Driver.Temperature or Driver.Rain or Driver.Wind ? _typical[j] : 0;
            effects[driver] = effects.GetValueOrDefault(driver) + _beta[j] * (x[j] - baseline);
        }

        // Coefficient uncertainty widens the predictive distribution: a log-normal factor with variance σ² = xᵀH⁻¹x on the
        // mean adds about μ²σ² to the variance, i.e. 1/k grows by σ².
        var sigma2 = Cholesky.InverseQuadratic(_factor, P, x);
        var size = 1 / (1 / Size + sigma2);
        return new DemandForecast(Key, date, Math.Exp(Math.Clamp(eta, -20, 20)), size, weather, source, events, effects);
    }
}
