namespace Tributary.Forecast.Model;

/// <summary>Negative binomial demand with mean μ and size k (variance μ + μ²/k): Poisson as k grows, wider as k shrinks.</summary>
/// <remarks>Probabilities are summed by the pmf recursion p(d+1) = p(d)·(d+k)/(d+1)·μ/(μ+k), exact for the tens to thousands
/// of units a stall sells; when p(0) underflows (very large μ) a normal approximation with the same variance takes over.</remarks>
public static class NegativeBinomial
{
    public const double MaxSize = 1e4;

    /// <summary>Smallest d with P(D ≤ d) ≥ q.</summary>
    public static int Quantile(double mu, double k, double q)
    {
        if (mu <= 0)
        {
            return 0;
        }

        k = Math.Min(k, MaxSize);
        if (!TryStart(mu, k, out var p, out var ratio))
        {
            var sd = Math.Sqrt(mu + mu * mu / k);
            return Math.Max(0, (int)Math.Ceiling(mu + sd * NormalQuantile(q) - 0.5));
        }

        var cdf = p;
        var d = 0;
        while (cdf < q && d < 100_000_000)
        {
            p *= (d + k) / (d + 1) * ratio;
            d++;
            cdf += p;
            if (p < 1e-300 && d > mu)
            {
                break;
            }
        }

        return d;
    }

    /// <summary>E[min(D, cap)]: the units expected to sell when <paramref name="cap"/> are brought.</summary>
    public static double ExpectedMin(double mu, double k, int cap)
    {
        if (mu <= 0 || cap <= 0)
        {
            return 0;
        }

        k = Math.Min(k, MaxSize);
        if (!TryStart(mu, k, out var p, out var ratio))
        {
            return Math.Min(mu, cap);
        }

        // E[min(D, c)] = Σ_{j<c} P(D > j)
        var cdf = p;
        var sum = 0.0;
        for (var j = 0; j < cap; j++)
        {
            sum += 1 - cdf;
            p *= (j + k) / (j + 1) * ratio;
            cdf += p;
        }

        return sum;
    }

    /// <summary>E[D | D ≥ c]: the demand expected on a day that sold out at c units (the E-step for censored days).</summary>
    public static double MeanAtLeast(double mu, double k, int c)
    {
        if (c <= 0 || mu <= 0)
        {
            return Math.Max(mu, c);
        }

        k = Math.Min(k, MaxSize);
        if (!TryStart(mu, k, out var p, out var ratio))
        {
            return Math.Max(mu, c);
        }

        var below = 0.0;   // P(D < c)
        var partial = 0.0; // Σ_{d<c} d·p(d)
        for (var d = 0; d < c; d++)
        {
            below += p;
            partial += d * p;
            p *= (d + k) / (d + 1) * ratio;
        }

        var tail = 1 - below;
        if (tail < 1e-12)
        {
            return c; // c sits far in the upper tail: the day says little beyond "at least c"
        }

        return Math.Max(c, (mu - partial) / tail);
    }

    /// <summary>log P(D = y).</summary>
    public static double LogPmf(double mu, double k, int y)
    {
        k = Math.Min(k, MaxSize);
        mu = Math.Max(mu, 1e-9);
        return LogGamma(y + k) - LogGamma(k) - LogGamma(y + 1) + k * Math.Log(k / (k + mu)) + y * Math.Log(mu / (k + mu));
    }

    /// <summary>log P(D ≥ c): the likelihood of a day that sold out at c units.</summary>
    public static double LogSurvival(double mu, double k, int c)
    {
        if (c <= 0)
        {
            return 0;
        }

        k = Math.Min(k, MaxSize);
        mu = Math.Max(mu, 1e-9);
        if (!TryStart(mu, k, out var p, out var ratio))
        {
            var sd = Math.Sqrt(mu + mu * mu / k);
            return Math.Log(Math.Max(1e-300, 0.5 * Erfc((c - 0.5 - mu) / (sd * Math.Sqrt(2)))));
        }

        var below = 0.0;
        for (var d = 0; d < c; d++)
        {
            below += p;
            p *= (d + k) / (d + 1) * ratio;
        }

        return Math.Log(Math.Max(1 - below, 1e-300));
    }

    /// <summary>log Γ(x) for x &gt; 0 (Lanczos, g = 7, nine terms; relative error about 1e-15).</summary>
    internal static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        var a = 0.99999999999980993;
        double[] c = [676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
            -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
        for (var i = 0; i < c.Length; i++)
        {
            a += c[i] / (x + i + 1);
        }

        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }

    /// <summary>Complementary error function (Numerical Recipes' erfcc, relative error below 1.2e-7).</summary>
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851973 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    private static bool TryStart(double mu, double k, out double p0, out double ratio)
    {
        var logP0 = k * Math.Log(k / (k + mu));
        ratio = mu / (mu + k);
        p0 = Math.Exp(logP0);
        return logP0 > -650;
    }

    /// <summary>Acklam's rational approximation of the standard normal quantile (error below 1e-9).</summary>
    internal static double NormalQuantile(double p)
    {
        p = Math.Clamp(p, 1e-12, 1 - 1e-12);
        double[] a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690, -30.66479806614716, 2.506628277459239];
        double[] b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
        double[] c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
        double[] d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
        if (p < 0.02425)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        if (p > 1 - 0.02425)
        {
            return -NormalQuantile(1 - p);
        }

        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
