namespace Tributary.Hpi.Regression;

/// <summary>Which Cholesky implementation solves the reduced BMN normal equations.</summary>
public enum CholeskySolver
{
    /// <summary>The in-place solver below (default; see <see cref="DenseCholesky"/> for why).</summary>
    HandWritten,
    /// <summary>MathNet.Numerics' managed Cholesky, kept as the reference the hand-written one is tested and benchmarked against.</summary>
    MathNet,
}

/// <summary>In-place Cholesky solve of a small symmetric positive-definite system (row-major), as used for the T×T (T ≈ 20–50)
/// BMN normal equations.</summary>
/// <remarks>
/// Hand-written because the BMN regression is solved up to about a million times at FHFA scale and MathNet's per-call
/// overhead (matrix and vector objects, virtual storage access) dominates at this size: on the 2026-11-23 benchmark
/// (`bench hpi`, a 31-period system, whole reduce-and-solve step, wall clock on a loaded 2-core machine) MathNet took
/// 56–278 µs per solve against 5–43 µs here (2.4–13× slower over four runs); a full BMN fit without reuse dropped from
/// about 1,340 µs to 157 µs in the same run.
/// The results agree to 1e-10 (tested), and MathNet remains selectable through <see cref="CholeskySolver.MathNet"/>.
/// </remarks>
public static class DenseCholesky
{
    /// <summary>Solves A·x = b in place: <paramref name="a"/> (m×m, row-major) is overwritten by its factor and
    /// <paramref name="b"/> by x. False when A is not positive definite.</summary>
    public static bool TrySolve(Span<double> a, Span<double> b, int m)
    {
        for (var j = 0; j < m; j++)
        {
            var rowJ = a.Slice(j * m, m);
            var d = rowJ[j];
            for (var k = 0; k < j; k++)
            {
                d -= rowJ[k] * rowJ[k];
            }

            if (!(d > 0))
            {
                return false;
            }

            d = Math.Sqrt(d);
            rowJ[j] = d;
            for (var i = j + 1; i < m; i++)
            {
                var rowI = a.Slice(i * m, m);
                var s = rowI[j];
                for (var k = 0; k < j; k++)
                {
                    s -= rowI[k] * rowJ[k];
                }

                rowI[j] = s / d;
            }
        }

        // L·y = b, then Lᵀ·x = y (L is the lower triangle).
        for (var i = 0; i < m; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
            {
                s -= a[i * m + k] * b[k];
            }

            b[i] = s / a[i * m + i];
        }

        for (var i = m - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var k = i + 1; k < m; k++)
            {
                s -= a[k * m + i] * b[k];
            }

            b[i] = s / a[i * m + i];
        }

        return true;
    }
}
