namespace Tributary.Forecast.Backtesting;

/// <summary>Point-forecast accuracy over many (prediction, actual) pairs: share within ±20%, MAPE and bias.</summary>
public sealed class AccuracyMetrics
{
    private long _within;
    private long _withPositive;
    private double _ape;
    private double _error;
    private double _actual;

    public long Count { get; private set; }

    /// <summary>Share of predictions within ±20% of the actual (|p − a| ≤ 0.2·a; an actual of 0 needs a prediction of 0).</summary>
    public double WithinShare => Count == 0 ? double.NaN : (double)_within / Count;

    /// <summary>Mean absolute percentage error over actuals above zero.</summary>
    public double Mape => _withPositive == 0 ? double.NaN : _ape / _withPositive;

    /// <summary>Σ(prediction − actual) / Σ actual: positive when predictions run high.</summary>
    public double Bias => _actual == 0 ? double.NaN : _error / _actual;

    public void Add(double predicted, double actual)
    {
        Count++;
        if (Math.Abs(predicted - actual) <= 0.2 * actual + 1e-9)
        {
            _within++;
        }

        if (actual > 0)
        {
            _withPositive++;
            _ape += Math.Abs(predicted - actual) / actual;
        }

        _error += predicted - actual;
        _actual += actual;
    }

    public void Add(AccuracyMetrics other)
    {
        Count += other.Count;
        _within += other._within;
        _withPositive += other._withPositive;
        _ape += other._ape;
        _error += other._error;
        _actual += other._actual;
    }
}
