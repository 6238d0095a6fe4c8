namespace Tributary.Forecast.Model;

/// <summary>Negative-binomial log-linear regression with a Gaussian prior (MAP by Newton), where sold-out days enter as
/// "demand ≥ sold": each iteration replaces their count by E[D | D ≥ sold] under the current fit (EM for censored counts).</summary>
/// <remarks>Treating a sold-out day as demand = sold would teach the model the vendor's stock instead of the crowd's demand;
/// the EM step lifts those days to what demand plausibly was, weighted by how often such a day sells out.</remarks>
internal static class CensoredRegression
{
    private const int P = DemandFeatures.Count;
    private const double MaxStep = 1.0;
    private const int MaxDispersionRows = 1500; // per group: enough to place k within a grid step, and groups pool their evidence

    /// <summary>Fits one series. <paramref name="beta"/> holds the start on entry and the estimate on return; the returned
    /// array is the Cholesky factor of the posterior precision (for prediction uncertainty).</summary>
    public static double[] FitSeries(DesignRows rows, double[] priorMean, double[] priorPrecision, double k, double[] beta, int iterations)
    {
        var h = new double[P * P];
        Span<double> g = stackalloc double[P];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            Accumulate(rows, beta, 0, k, h, g, 0);
            for (var j = 0; j < P; j++)
            {
                h[j * P + j] += priorPrecision[j];
                g[j] += priorPrecision[j] * (priorMean[j] - beta[j]);
            }

            if (!Cholesky.Factor(h, P))
            {
                break; // cannot happen with positive prior precisions; stay at the last estimate if it does
            }

            Cholesky.Solve(h, P, g);
            var step = Step(g, beta, 0);
            if (step < 1e-6)
            {
                break;
            }
        }

        // The factor at the estimate, for xᵀH⁻¹x.
        Accumulate(rows, beta, 0, k, h, g, 0);
        for (var j = 0; j < P; j++)
        {
            h[j * P + j] += priorPrecision[j];
        }

        Cholesky.Factor(h, P);
        return h;
    }

    /// <summary>Pooled fit of shared coefficients (every column but the level) over many series, each with its own level
    /// profiled out in closed form. Returns the shared coefficients (level slot 0), the series' levels and the dispersion.</summary>
    public static (double[] Beta, double[] Levels, DispersionEvidence Noise) FitPooled(IReadOnlyList<DesignRows> series, double[] priorMean,
        double[] priorPrecision, int iterations)
    {
        var beta = (double[])priorMean.Clone();
        beta[0] = 0;
        var levels = new double[series.Count];
        var size = 30.0;
        var h = new double[P * P];
        Span<double> g = stackalloc double[P];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            for (var s = 0; s < series.Count; s++)
            {
                levels[s] = ProfileLevel(series[s], beta, levels[s], size, iteration == 0);
            }

            if (iteration == 3)
            {
                size = Dispersion(series, beta, levels).Size;
            }

            Array.Clear(h);
            g.Clear();
            for (var s = 0; s < series.Count; s++)
            {
                Accumulate(series[s], beta, levels[s], size, h, g, 1);
            }

            // The level column is not estimated here; a unit diagonal keeps the factorisation well posed.
            h[0] = 1;
            g[0] = 0;
            for (var j = 1; j < P; j++)
            {
                h[j * P + j] += priorPrecision[j];
                g[j] += priorPrecision[j] * (priorMean[j] - beta[j]);
            }

            if (!Cholesky.Factor(h, P))
            {
                break;
            }

            Cholesky.Solve(h, P, g);
            if (Step(g, beta, 1) < 1e-6)
            {
                break;
            }
        }

        for (var s = 0; s < series.Count; s++)
        {
            levels[s] = ProfileLevel(series[s], beta, levels[s], size, false);
        }

        return (beta, levels, Dispersion(series, beta, levels));
    }

    /// <summary>Gradient and Fisher information of the NB log-likelihood, censored days at their conditional mean.
    /// With <paramref name="from"/> = 1 the level column is skipped and <paramref name="level"/> is added to every row.</summary>
    private static void Accumulate(DesignRows rows, double[] beta, double level, double k, double[] h, Span<double> g, int from)
    {
        if (from == 0)
        {
            Array.Clear(h);
            g.Clear();
        }

        // Most terms of a row are zero (six weekday dummies, no event, usual price): the outer products run over the others.
        Span<int> nonZero = stackalloc int[P];
        for (var i = 0; i < rows.N; i++)
        {
            var x = rows.Row(i);
            var mu = Mean(x, beta, level, from);
            var y = rows.Censored[i] ? NegativeBinomial.MeanAtLeast(mu, k, rows.Sold[i]) : rows.Sold[i];
            var w = mu / (1 + mu / k);
            var r = (y - mu) / (1 + mu / k);
            var count = 0;
            for (var a = from; a < P; a++)
            {
                if (x[a] != 0)
                {
                    nonZero[count++] = a;
                }
            }

            for (var ia = 0; ia < count; ia++)
            {
                var a = nonZero[ia];
                var xa = x[a];
                g[a] += xa * r;
                var wa = w * xa;
                var rowOffset = a * P;
                for (var ib = 0; ib <= ia; ib++)
                {
                    var b = nonZero[ib];
                    h[rowOffset + b] += wa * x[b];
                }
            }
        }

        for (var a = from; a < P; a++)
        {
            for (var b = a + 1; b < P; b++)
            {
                h[a * P + b] = h[b * P + a];
            }
        }
    }

    private static double Mean(ReadOnlySpan<double> x, double[] beta, double level, int from)
    {
        var eta = level;
        for (var j = from; j < P; j++)
        {
            eta += x[j] * beta[j];
        }

        return Math.Exp(Math.Clamp(eta, -20, 20));
    }

    /// <summary>A series' level given the shared coefficients: log(Σ y / Σ exp(x·β)), the Poisson score equation.</summary>
    private static double ProfileLevel(DesignRows rows, double[] beta, double level, double k, bool first)
    {
        double sold = 0, exposure = 0;
        for (var i = 0; i < rows.N; i++)
        {
            var x = rows.Row(i);
            var e = Mean(x, beta, 0, 1);
            exposure += e;
            sold += rows.Censored[i] && !first ? NegativeBinomial.MeanAtLeast(e * Math.Exp(level), k, rows.Sold[i]) : rows.Sold[i];
        }

        return Math.Log(Math.Max(sold, 0.5) / Math.Max(exposure, 1e-9));
    }

    /// <summary>The censored likelihood of the noise size k on the fitted means (see <see cref="DispersionEvidence"/>).</summary>
    private static DispersionEvidence Dispersion(IReadOnlyList<DesignRows> series, double[] beta, double[] levels)
    {
        var total = series.Sum(r => r.N);
        var stride = Math.Max(1, total / MaxDispersionRows);
        var evidence = new DispersionEvidence();
        var index = 0;
        for (var s = 0; s < series.Count; s++)
        {
            var rows = series[s];
            for (var i = 0; i < rows.N; i++, index++)
            {
                if (index % stride == 0)
                {
                    evidence.Add(Mean(rows.Row(i), beta, levels[s], 1), rows.Sold[i], rows.Censored[i]);
                }
            }
        }

        return evidence;
    }

    /// <summary>Applies a Newton step, shortened so no coefficient moves more than <see cref="MaxStep"/>; returns its size.</summary>
    private static double Step(Span<double> delta, double[] beta, int from)
    {
        var largest = 0.0;
        for (var j = from; j < P; j++)
        {
            largest = Math.Max(largest, Math.Abs(delta[j]));
        }

        var scale = largest > MaxStep ? MaxStep / largest : 1;
        for (var j = from; j < P; j++)
        {
            beta[j] += scale * delta[j];
        }

        return largest;
    }
}
