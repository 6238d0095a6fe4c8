namespace Tributary.Forecast.Simulation;

/// <summary>The draws the simulator needs from one seeded <see cref="Random"/>: normal, gamma, Poisson, negative binomial.</summary>
internal sealed class RandomDraws(int seed)
{
    private readonly Random _random = new(seed);

    public double Uniform() => _random.NextDouble();

    public double Uniform(double low, double high) => low + (high - low) * _random.NextDouble();

    public int Next(int max) => _random.Next(max);

    public bool Chance(double p) => _random.NextDouble() < p;

    public double Normal(double sd = 1)
    {
        var u = 1 - _random.NextDouble();
        var v = _random.NextDouble();
        return sd * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    /// <summary>Gamma(shape, scale 1) by Marsaglia and Tsang.</summary>
    public double Gamma(double shape)
    {
        if (shape < 1)
        {
            return Gamma(shape + 1) * Math.Pow(Uniform(), 1 / shape);
        }

        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal();
                v = 1 + c * x;
            }
            while (v <= 0);

            v = v * v * v;
            var u = Uniform();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    /// <summary>Poisson: multiplication for small means, Hörmann's transformed rejection (PTRS) above.</summary>
    public int Poisson(double lambda)
    {
        if (lambda <= 0)
        {
            return 0;
        }

        if (lambda < 30)
        {
            var limit = Math.Exp(-lambda);
            var k = 0;
            var p = Uniform();
            while (p > limit)
            {
                k++;
                p *= Uniform();
            }

            return k;
        }

        var slam = Math.Sqrt(lambda);
        var loglam = Math.Log(lambda);
        var b = 0.931 + 2.53 * slam;
        var a = -0.059 + 0.02483 * b;
        var invalpha = 1.1239 + 1.1328 / (b - 3.4);
        var vr = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            var u = Uniform() - 0.5;
            var v = Uniform();
            var us = 0.5 - Math.Abs(u);
            var k = Math.Floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr)
            {
                return (int)k;
            }

            if (k < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            if (Math.Log(v) + Math.Log(invalpha) - Math.Log(a / (us * us) + b) <= -lambda + k * loglam - LogFactorial(k))
            {
                return (int)k;
            }
        }
    }

    /// <summary>Negative binomial as a gamma–Poisson mixture: demand varies with the day's crowd beyond Poisson chance.</summary>
    public int NegativeBinomial(double mean, double size) => Poisson(mean * Gamma(size) / size);

    private static double LogFactorial(double k)
    {
        if (k < 20)
        {
            var f = 0.0;
            for (var i = 2; i <= k; i++)
            {
                f += Math.Log(i);
            }

            return f;
        }

        // Stirling's series: exact to double precision at k ≥ 20.
        return (k + 0.5) * Math.Log(k) - k + 0.5 * Math.Log(2 * Math.PI) + 1 / (12 * k) - 1 / (360 * k * k * k);
    }
}
