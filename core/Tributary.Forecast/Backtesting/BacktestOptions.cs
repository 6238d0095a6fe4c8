namespace Tributary.Forecast.Backtesting;

/// <summary>Rolling-origin backtest: <paramref name="Origins"/> cut-offs a week apart at the end of the history, each forecasting
/// the next <paramref name="HorizonDays"/> days from what was known before it.</summary>
public sealed record BacktestOptions(int Origins = 8, int HorizonDays = 7)
{
    public void Validate()
    {
        if (Origins is < 1 or > 520)
        {
            throw new ArgumentOutOfRangeException(nameof(Origins), Origins, "origins must be 1–520");
        }

        if (HorizonDays is < 1 or > 366)
        {
            throw new ArgumentOutOfRangeException(nameof(HorizonDays), HorizonDays, "horizon must be 1–366 days");
        }
    }
}
