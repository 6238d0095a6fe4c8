using Tributary.Forecast.Model;

namespace Tributary.Forecast.Tests;

/// <summary>The demand distribution's quantiles, partial expectations and censored means, checked against independent routes.</summary>
public sealed class NegativeBinomialTests
{
    private static double Cdf(double mu, double k, int d)
    {
        var sum = 0.0;
        for (var y = 0; y <= d; y++)
        {
            sum += Math.Exp(NegativeBinomial.LogPmf(mu, k, y)); // log-gamma route, not the recursion the engine uses
        }

        return sum;
    }

    [Theory]
    [InlineData(30, 40, 0.8)]
    [InlineData(30, 40, 0.1)]
    [InlineData(5, 2, 0.5)]
    [InlineData(120, 10_000, 0.9)]
    public void Quantile_is_the_smallest_count_whose_cdf_reaches_the_level(double mu, double k, double q)
    {
        var d = NegativeBinomial.Quantile(mu, k, q);
        Assert.True(Cdf(mu, k, d) >= q - 1e-9);
        Assert.True(d == 0 || Cdf(mu, k, d - 1) < q);
    }

    [Fact]
    public void Log_gamma_matches_factorials()
    {
        for (var n = 1; n < 20; n++)
        {
            var factorial = Enumerable.Range(1, n - 1).Aggregate(1.0, (a, b) => a * b);
            Assert.Equal(Math.Log(factorial), NegativeBinomial.LogGamma(n), 10);
        }
    }

    [Fact]
    public void Expected_sales_and_censored_mean_agree_with_simulation()
    {
        const double mu = 25, k = 15;
        const int cap = 28;
        var random = new Random(3);
        var draws = Enumerable.Range(0, 200_000).Select(_ => Draw(random, mu, k)).ToArray();
        var sold = draws.Average(d => Math.Min(d, cap));
        var atLeast = draws.Where(d => d >= cap).Average();
        // Monte Carlo standard errors are about 0.01 and 0.03 units here.
        Assert.InRange(NegativeBinomial.ExpectedMin(mu, k, cap) - sold, -0.05, 0.05);
        Assert.InRange(NegativeBinomial.MeanAtLeast(mu, k, cap) - atLeast, -0.12, 0.12);
        Assert.True(NegativeBinomial.MeanAtLeast(mu, k, cap) > cap);
        Assert.True(NegativeBinomial.ExpectedMin(mu, k, cap) < Math.Min(mu, cap));
    }

    /// <summary>Inverse-cdf draw from the pmf (independent of the simulator's gamma–Poisson sampler).</summary>
    private static int Draw(Random random, double mu, double k)
    {
        var u = random.NextDouble();
        var cdf = 0.0;
        for (var y = 0; ; y++)
        {
            cdf += Math.Exp(NegativeBinomial.LogPmf(mu, k, y));
            if (cdf >= u || y > 10_000)
            {
                return y;
            }
        }
    }
}
