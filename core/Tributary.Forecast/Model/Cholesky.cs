namespace Tributary.Forecast.Model;

/// <summary>In-place Cholesky factorisation and solves for the small (17 × 17) symmetric systems of the Newton steps.</summary>
internal static class Cholesky
{
    /// <summary>Replaces the lower triangle of row-major <paramref name="a"/> (n × n) with L, where A = L·Lᵀ. False when A is not positive definite.</summary>
    public static bool Factor(double[] a, int n)
    {
        for (var j = 0; j < n; j++)
        {
            var sum = a[j * n + j];
            for (var k = 0; k < j; k++)
            {
                sum -= a[j * n + k] * a[j * n + k];
            }

            if (sum <= 0 || !double.IsFinite(sum))
            {
                return false;
            }

            var diag = Math.Sqrt(sum);
            a[j * n + j] = diag;
            for (var i = j + 1; i < n; i++)
            {
                var s = a[i * n + j];
                for (var k = 0; k < j; k++)
                {
                    s -= a[i * n + k] * a[j * n + k];
                }

                a[i * n + j] = s / diag;
            }
        }

        return true;
    }

    /// <summary>Solves L·Lᵀ·x = b in place of <paramref name="b"/>.</summary>
    public static void Solve(double[] l, int n, Span<double> b)
    {
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
            {
                s -= l[i * n + k] * b[k];
            }

            b[i] = s / l[i * n + i];
        }

        for (var i = n - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var k = i + 1; k < n; k++)
            {
                s -= l[k * n + i] * b[k];
            }

            b[i] = s / l[i * n + i];
        }
    }

    /// <summary>xᵀ·A⁻¹·x from the factor of A: ‖L⁻¹x‖².</summary>
    public static double InverseQuadratic(double[] l, int n, ReadOnlySpan<double> x)
    {
        Span<double> z = stackalloc double[n];
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            var s = x[i];
            for (var k = 0; k < i; k++)
            {
                s -= l[i * n + k] * z[k];
            }

            z[i] = s / l[i * n + i];
            total += z[i] * z[i];
        }

        return total;
    }
}
