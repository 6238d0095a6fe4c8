using MathNet.Numerics.LinearAlgebra;

namespace Tributary.Reconciliation.Suggestions.Training;

/// <summary>
/// Logistic regression by Newton's method (iteratively reweighted least squares) with a small ridge penalty on every
/// weight but the intercept, so features that never vary in the training data stay at zero instead of diverging.
/// Optional sign constraints (what the evidence can only count for or against, whatever a training set happens to
/// show) are kept by an active set: a weight fitted with the wrong sign is fixed at zero and the rest refitted.
/// </summary>
public static class LogisticFit
{
    /// <summary>
    /// Fits weights for rows of features (the first column is the intercept) against 0/1 outcomes; <paramref name="signs"/>
    /// per feature: +1 at least zero, −1 at most zero, 0 free.
    /// </summary>
    public static double[] Fit(IReadOnlyList<double[]> features, IReadOnlyList<bool> outcomes, IReadOnlyList<int>? signs = null,
        double ridge = 1.0, int iterations = 50)
    {
        var fixedAtZero = new bool[features.Count == 0 ? 0 : features[0].Length];
        while (true)
        {
            var w = Fit(features, outcomes, fixedAtZero, ridge, iterations);
            var worst = -1;
            for (var i = 0; i < w.Length; i++)
            {
                var sign = signs is null ? 0 : signs[i];
                if (!fixedAtZero[i] && sign * w[i] < 0 && (worst < 0 || Math.Abs(w[i]) > Math.Abs(w[worst])))
                {
                    worst = i;
                }
            }

            if (worst < 0)
            {
                return w;
            }

            fixedAtZero[worst] = true;
        }
    }

    private static double[] Fit(IReadOnlyList<double[]> features, IReadOnlyList<bool> outcomes, bool[] fixedAtZero, double ridge, int iterations)
    {
        if (features.Count == 0)
        {
            throw new ArgumentException("no training rows", nameof(features));
        }

        var p = features[0].Length;
        var w = Vector<double>.Build.Dense(p);
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var gradient = Vector<double>.Build.Dense(p);
            var hessian = Matrix<double>.Build.Dense(p, p);
            for (var n = 0; n < features.Count; n++)
            {
                var x = features[n];
                double s = 0;
                for (var i = 0; i < p; i++)
                {
                    s += w[i] * x[i];
                }

                var prob = 1 / (1 + Math.Exp(-s));
                var residual = (outcomes[n] ? 1 : 0) - prob;
                var weight = Math.Max(prob * (1 - prob), 1e-9);
                for (var i = 0; i < p; i++)
                {
                    if (x[i] == 0)
                    {
                        continue;
                    }

                    gradient[i] += residual * x[i];
                    for (var j = 0; j < p; j++)
                    {
                        hessian[i, j] += weight * x[i] * x[j];
                    }
                }
            }

            for (var i = 1; i < p; i++)
            {
                gradient[i] -= ridge * w[i];
                hessian[i, i] += ridge;
            }

            // A weight held at zero: no gradient, and its row and column of the system reduced to the identity.
            for (var i = 0; i < p; i++)
            {
                if (!fixedAtZero[i])
                {
                    continue;
                }

                gradient[i] = 0;
                for (var j = 0; j < p; j++)
                {
                    hessian[i, j] = 0;
                    hessian[j, i] = 0;
                }

                hessian[i, i] = 1;
            }

            hessian[0, 0] += 1e-9;
            var step = hessian.Cholesky().Solve(gradient);
            w += step;
            if (step.AbsoluteMaximum() < 1e-8)
            {
                break;
            }
        }

        return w.ToArray();
    }
}
