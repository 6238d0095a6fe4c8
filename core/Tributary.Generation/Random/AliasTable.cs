namespace Tributary.Generation.Random;

/// <summary>Walker/Vose alias table: O(1) sampling from a fixed discrete distribution, two flat arrays.</summary>
public sealed class AliasTable
{
    private readonly double[] _probability;
    private readonly int[] _alias;

    /// <summary>Builds the table from non-negative weights (at least one positive).</summary>
    public AliasTable(ReadOnlySpan<double> weights)
    {
        var n = weights.Length;
        if (n == 0)
        {
            throw new ArgumentException("An alias table needs at least one weight.", nameof(weights));
        }

        double total = 0;
        foreach (var w in weights)
        {
            if (w < 0 || double.IsNaN(w))
            {
                throw new ArgumentException("Weights must be non-negative.", nameof(weights));
            }

            total += w;
        }

        if (total <= 0)
        {
            throw new ArgumentException("At least one weight must be positive.", nameof(weights));
        }

        _probability = new double[n];
        _alias = new int[n];
        var scaled = new double[n];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = 0; i < n; i++)
        {
            scaled[i] = weights[i] * n / total;
            (scaled[i] < 1.0 ? small : large).Push(i);
        }

        while (small.Count > 0 && large.Count > 0)
        {
            var s = small.Pop();
            var l = large.Pop();
            _probability[s] = scaled[s];
            _alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1.0;
            (scaled[l] < 1.0 ? small : large).Push(l);
        }

        while (large.Count > 0)
        {
            _probability[large.Pop()] = 1.0;
        }

        while (small.Count > 0)
        {
            _probability[small.Pop()] = 1.0;
        }
    }

    /// <summary>Number of outcomes.</summary>
    public int Count => _probability.Length;

    /// <summary>Draws one outcome index.</summary>
    public int Sample(ref Xoshiro256 rng)
    {
        var u = rng.NextDouble() * _probability.Length;
        var i = (int)u;
        return u - i < _probability[i] ? i : _alias[i];
    }
}
