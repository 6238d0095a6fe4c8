namespace Tributary.Forecast.Model;

/// <summary>The log-likelihood of the negative-binomial size k over a grid, from days with fitted means: an uncensored day
/// counts P(D = sold), a sold-out day P(D ≥ sold).</summary>
/// <remarks>A moment estimate from uncensored days alone is wrong exactly when stock-outs are common: the days that did not
/// sell out are the low-demand ones, their residuals are skewed and k comes out far too small, which then inflates every
/// censored day's imputed demand. The censored likelihood has no such selection. Curves add across groups, which is how a
/// small group borrows the market's evidence.</remarks>
internal sealed class DispersionEvidence
{
    /// <summary>Sizes tried: log-spaced from 1 (very noisy) to 10,000 (Poisson).</summary>
    private static readonly double[] Grid = Enumerable.Range(0, 25).Select(i => Math.Pow(10, i / 6.0)).ToArray();

    private readonly double[] _logLikelihood = new double[Grid.Length];

    public int Days { get; private set; }

    /// <summary>The size with the highest likelihood (parabolic refinement in log k between grid points).</summary>
    public double Size => Best(_logLikelihood);

    public void Add(double mu, int sold, bool censored)
    {
        Days++;
        for (var g = 0; g < Grid.Length; g++)
        {
            _logLikelihood[g] += censored ? NegativeBinomial.LogSurvival(mu, Grid[g], sold) : NegativeBinomial.LogPmf(mu, Grid[g], sold);
        }
    }

    public void Add(DispersionEvidence other)
    {
        Days += other.Days;
        for (var g = 0; g < Grid.Length; g++)
        {
            _logLikelihood[g] += other._logLikelihood[g];
        }
    }

    /// <summary>The size of a group with the market's evidence counted as <paramref name="priorDays"/> days: a group with few
    /// days says little about its noise.</summary>
    public double SizeShrunkToward(DispersionEvidence market, int priorDays)
    {
        var weight = market.Days == 0 ? 0 : (double)priorDays / market.Days;
        var combined = new double[Grid.Length];
        for (var g = 0; g < Grid.Length; g++)
        {
            combined[g] = _logLikelihood[g] + weight * market._logLikelihood[g];
        }

        return Best(combined);
    }

    private static double Best(double[] curve)
    {
        var best = 0;
        for (var g = 1; g < curve.Length; g++)
        {
            if (curve[g] > curve[best])
            {
                best = g;
            }
        }

        if (best == 0 || best == curve.Length - 1 || curve.All(v => v == 0))
        {
            return curve.All(v => v == 0) ? 30 : Grid[best];
        }

        // Vertex of the parabola through the best point and its neighbours, in grid steps.
        var (a, b, c) = (curve[best - 1], curve[best], curve[best + 1]);
        var denominator = a - 2 * b + c;
        var shift = denominator < 0 ? Math.Clamp(0.5 * (a - c) / denominator, -0.5, 0.5) : 0;
        return Math.Pow(10, (best + shift) / 6.0);
    }
}
