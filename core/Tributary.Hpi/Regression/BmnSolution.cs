namespace Tributary.Hpi.Regression;

/// <summary>The fitted period effects δ of one BMN regression. Periods without sales are dropped (δ is NaN there), and a
/// pair graph that falls apart into separate spans of years gives one normalised component per span, because δ differences
/// are only identified within a component.</summary>
/// <param name="Delta">δ per period, 0 at each component's first period, NaN where the period was dropped.</param>
/// <param name="Component">Component id per period, −1 where dropped.</param>
public sealed record BmnSolution(double[] Delta, int[] Component)
{
    /// <summary>p̂(t) = δ_t − δ_{t−1} for period index <paramref name="period"/>; NaN when either period is dropped or
    /// the two are not connected by sales.</summary>
    public double Appreciation(int period)
    {
        if (period < 1 || period >= Delta.Length)
        {
            return double.NaN;
        }

        var c = Component[period];
        return c >= 0 && c == Component[period - 1] ? Delta[period] - Delta[period - 1] : double.NaN;
    }
}
