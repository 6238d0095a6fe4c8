using System.Diagnostics;
using Tributary.Hpi;
using Tributary.Hpi.Calculation;
using Tributary.Hpi.Partitioning;
using Tributary.Hpi.Regression;

namespace Tributary.Bench.Hpi;

/// <summary>Cost of one BMN regression with no reuse: the worst case for FHFA's ~1.04 M supertract-year regressions, where a
/// real market with thin tracts may give many more distinct supertracts than the simulated one.</summary>
internal static class BmnCost
{
    /// <summary>Fits every single tract and every neighbouring pair of tracts of a market; returns (µs per fit, µs per solve
    /// alone, mean pairs per fit).</summary>
    public static (double FitMicroseconds, double SolveMicroseconds, double MathNetSolveMicroseconds, double PairsPerFit) Measure(CbsaMarket market)
    {
        var kept = CbsaIndexCalculator.Filter(market.Pairs, HpiParameters.Default, out _);
        int min = int.MaxValue, max = int.MinValue;
        foreach (var y in kept.FirstYear)
        {
            min = Math.Min(min, y);
        }

        foreach (var y in kept.SecondYear)
        {
            max = Math.Max(max, y);
        }

        var pairs = TractSortedPairs.Build(market.Tracts.Count, kept.Tract, kept.FirstYear, kept.SecondYear, kept.LogRatio, min, max - min + 1);
        var sets = Enumerable.Range(0, market.Tracts.Count).Select(i => new[] { i })
            .Concat(Enumerable.Range(0, market.Tracts.Count - 1).Select(i => new[] { i, i + 1 }))
            .ToArray();
        long visited = sets.Sum(s => s.Sum(t => (long)(pairs.Start[t + 1] - pairs.Start[t])));
        var clock = Stopwatch.StartNew();
        foreach (var set in sets)
        {
            BmnRegression.Fit(pairs, set);
        }

        var fit = clock.Elapsed.TotalMicroseconds / sets.Length;

        // Solve alone: the system of tract 0, re-solved many times.
        var t = pairs.Periods;
        var xtx = new double[t * t];
        var xty = new double[t];
        var parent = Enumerable.Range(0, t).ToArray();
        for (var k = pairs.Start[0]; k < pairs.Start[1]; k++)
        {
            int a = pairs.FirstPeriod[k], b = pairs.SecondPeriod[k];
            xtx[a * t + a]++;
            xtx[b * t + b]++;
            xtx[a * t + b]--;
            xtx[b * t + a]--;
            xty[b] += pairs.LogRatio[k];
            xty[a] -= pairs.LogRatio[k];
            int ra = BmnRegression.Find(parent, a), rb = BmnRegression.Find(parent, b);
            parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }

        const int Repeats = 2000;
        double Time(CholeskySolver solver)
        {
            clock.Restart();
            for (var r = 0; r < Repeats; r++)
            {
                BmnRegression.Solve(xtx, xty, parent, t, solver);
            }

            return clock.Elapsed.TotalMicroseconds / Repeats;
        }

        Time(CholeskySolver.MathNet); // warm-up (JIT) of both paths
        Time(CholeskySolver.HandWritten);
        return (fit, Time(CholeskySolver.HandWritten), Time(CholeskySolver.MathNet), (double)visited / sets.Length);
    }
}
