namespace Tributary.Reconciliation.Suggestions;

/// <summary>
/// Bounded subset-sum: subsets of 2..maxParts values (positive, sorted largest first) whose sum falls in [low, high].
/// Depth-first with two prunings (the sum already above high; the largest values still reachable cannot lift it to low),
/// and a hard budget of subsets tried, so the cost is at most <c>maxNodes</c> steps whatever the input: never exponential.
/// </summary>
public static class SubsetSum
{
    /// <summary>
    /// Adds the index sets of up to <paramref name="maxSolutions"/> subsets to <paramref name="solutions"/> (only those
    /// <paramref name="accept"/> takes, when given); false when the node budget ran out before the search was complete
    /// (the caller says the search was capped).
    /// </summary>
    public static bool Search(ReadOnlySpan<decimal> values, decimal low, decimal high, int maxParts, int maxNodes, int maxSolutions,
        List<int[]> solutions, Func<int[], bool>? accept = null)
    {
        var chosen = new int[maxParts];
        var nodes = 0;
        var complete = Visit(values, low, high, maxParts, maxNodes, maxSolutions, solutions, accept, chosen, 0, 0, 0m, ref nodes);
        return complete;
    }

    private static bool Visit(ReadOnlySpan<decimal> values, decimal low, decimal high, int maxParts, int maxNodes, int maxSolutions,
        List<int[]> solutions, Func<int[], bool>? accept, int[] chosen, int depth, int from, decimal sum, ref int nodes)
    {
        for (var i = from; i < values.Length; i++)
        {
            if (++nodes > maxNodes)
            {
                return false;
            }

            var next = sum + values[i];
            if (next > high)
            {
                continue; // too large; smaller values follow
            }

            // The most this branch can still reach: this value plus the next largest ones up to the size limit.
            var reach = next;
            for (var k = i + 1; k < values.Length && k <= i + maxParts - depth - 1; k++)
            {
                reach += values[k];
            }

            if (reach < low)
            {
                return true; // later values are smaller still: nothing further in this loop reaches low
            }

            chosen[depth] = i;
            if (depth >= 1 && next >= low)
            {
                var solution = chosen[..(depth + 1)];
                if (accept is null || accept(solution))
                {
                    solutions.Add(solution);
                    if (solutions.Count >= maxSolutions)
                    {
                        return true;
                    }
                }
            }

            if (depth + 1 < maxParts
                && !Visit(values, low, high, maxParts, maxNodes, maxSolutions, solutions, accept, chosen, depth + 1, i + 1, next, ref nodes))
            {
                return false;
            }

            if (solutions.Count >= maxSolutions)
            {
                return true;
            }
        }

        return true;
    }
}
