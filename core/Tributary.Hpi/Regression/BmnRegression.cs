using MathNet.Numerics.LinearAlgebra;

namespace Tributary.Hpi.Regression;

/// <summary>The Bailey–Muth–Nourse repeat-sales regression of one supertract (method §4), by normal equations.</summary>
/// <remarks>log(P2/P1) = δ_{t2} − δ_{t1} + ε with no intercept. Each pair adds to 4 cells of X'X and 2 of X'y, so the cost
/// of building the system is one visit per pair. The system is reduced to the periods that have sales, each connected span's
/// first period is normalised to δ = 0, and the rest is solved by Cholesky (<see cref="DenseCholesky"/>; MathNet on request).</remarks>
public static class BmnRegression
{
    /// <summary>Fits the regression on the pairs of the given member tracts.</summary>
    public static BmnSolution Fit(TractSortedPairs pairs, ReadOnlySpan<int> members, CholeskySolver solver = CholeskySolver.HandWritten)
    {
        var t = pairs.Periods;
        var xtx = new double[t * t];
        var xty = new double[t];
        var parent = new int[t];
        for (var i = 0; i < t; i++)
        {
            parent[i] = i;
        }

        var a = pairs.FirstPeriod;
        var b = pairs.SecondPeriod;
        var y = pairs.LogRatio;
        foreach (var tract in members)
        {
            for (var k = pairs.Start[tract]; k < pairs.Start[tract + 1]; k++)
            {
                int i = a[k], j = b[k];
                xtx[i * t + i] += 1;
                xtx[j * t + j] += 1;
                xtx[i * t + j] -= 1;
                xtx[j * t + i] -= 1;
                xty[j] += y[k];
                xty[i] -= y[k];
                Union(parent, i, j);
            }
        }

        return Solve(xtx, xty, parent, t, solver);
    }

    /// <summary>Solves normal equations already accumulated (row-major T×T <paramref name="xtx"/>); exposed for hand-worked tests.</summary>
    public static BmnSolution Solve(double[] xtx, double[] xty, int[] parent, int t, CholeskySolver solver = CholeskySolver.HandWritten)
    {
        var delta = new double[t];
        var component = new int[t];
        Array.Fill(delta, double.NaN);
        Array.Fill(component, -1);
        var components = 0;
        var rootOf = new int[t];
        for (var p = 0; p < t; p++)
        {
            // A period with no sale has an empty row in X'X: it is dropped rather than regularised.
            rootOf[p] = xtx[p * t + p] > 0 ? Find(parent, p) : -1;
        }

        var periods = new List<int>();
        for (var root = 0; root < t; root++)
        {
            // Periods of one connected component, in order; the first one is the normalised period.
            periods.Clear();
            for (var p = 0; p < t; p++)
            {
                if (rootOf[p] == root)
                {
                    periods.Add(p);
                }
            }

            if (periods.Count == 0)
            {
                continue;
            }

            var label = components++;
            delta[periods[0]] = 0;
            component[periods[0]] = label;
            var m = periods.Count - 1;
            if (m == 0)
            {
                continue;
            }

            // Reduced system: rows and columns of the component's periods except the normalised first one.
            var reduced = new double[m * m];
            var solution = new double[m];
            for (var r = 0; r < m; r++)
            {
                var pr = periods[r + 1];
                solution[r] = xty[pr];
                for (var c = 0; c < m; c++)
                {
                    reduced[r * m + c] = xtx[pr * t + periods[c + 1]];
                }
            }

            if (solver == CholeskySolver.MathNet)
            {
                // Symmetric, so the row-major array is also the column-major one MathNet expects.
                solution = Matrix<double>.Build.Dense(m, m, reduced).Cholesky().Solve(Vector<double>.Build.Dense(solution)).ToArray();
            }
            else if (!DenseCholesky.TrySolve(reduced, solution, m))
            {
                throw new InvalidOperationException("BMN normal equations of a connected component are not positive definite.");
            }

            for (var r = 0; r < m; r++)
            {
                delta[periods[r + 1]] = solution[r];
                component[periods[r + 1]] = label;
            }
        }

        return new BmnSolution(delta, component);
    }

    /// <summary>Union–find root with path halving.</summary>
    public static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }

        return x;
    }

    private static void Union(int[] parent, int x, int y)
    {
        int rx = Find(parent, x), ry = Find(parent, y);
        if (rx != ry)
        {
            parent[Math.Max(rx, ry)] = Math.Min(rx, ry);
        }
    }
}
