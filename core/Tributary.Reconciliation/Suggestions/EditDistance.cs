namespace Tributary.Reconciliation.Suggestions;

/// <summary>
/// Optimal string alignment distance (Levenshtein plus adjacent transpositions, each substring edited once): "INV123"
/// and "INV132" are 1 apart, as a person counts a swapped pair of characters. Bounded: only the band of the dynamic
/// programme within <c>max</c> of the diagonal is computed, and a bound of 1 is checked by one linear scan, so comparing
/// a reference with an unrelated one costs a few steps.
/// </summary>
public static class EditDistance
{
    /// <summary>Longest text compared; longer values count as different unless equal.</summary>
    public const int MaxLength = 64;

    /// <summary>The distance, or <paramref name="max"/> + 1 when it is larger than <paramref name="max"/>.</summary>
    public static int Bounded(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (a.SequenceEqual(b))
        {
            return 0;
        }

        if (max <= 0 || Math.Abs(a.Length - b.Length) > max || a.Length > MaxLength || b.Length > MaxLength)
        {
            return max + 1;
        }

        return max == 1 ? (WithinOne(a, b) ? 1 : 2) : Banded(a, b, max);
    }

    /// <summary>Whether the two differ by exactly one swap of adjacent characters (for the explanation).</summary>
    public static bool IsTransposition(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length != b.Length || a.Length < 2)
        {
            return false;
        }

        var first = a.CommonPrefixLength(b);
        return first + 1 < a.Length && a[first] == b[first + 1] && a[first + 1] == b[first]
            && a[(first + 2)..].SequenceEqual(b[(first + 2)..]);
    }

    // Different strings one edit apart: one substitution, one adjacent swap, or one insertion or deletion.
    private static bool WithinOne(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var prefix = a.CommonPrefixLength(b);
        if (a.Length == b.Length)
        {
            return a[(prefix + 1)..].SequenceEqual(b[(prefix + 1)..]) || IsTransposition(a, b);
        }

        return a.Length < b.Length ? a[prefix..].SequenceEqual(b[(prefix + 1)..]) : b[prefix..].SequenceEqual(a[(prefix + 1)..]);
    }

    private static int Banded(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        var far = max + 1;
        Span<int> previous2 = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = Math.Min(j, far);
            previous2[j] = far;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var from = Math.Max(1, i - max);
            var to = Math.Min(b.Length, i + max);
            current.Fill(far);
            current[0] = Math.Min(i, far);
            var rowMin = from == 1 ? current[0] : far;
            for (var j = from; j <= to; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var d = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d = Math.Min(d, previous2[j - 2] + 1);
                }

                current[j] = Math.Min(d, far);
                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin > max)
            {
                return far;
            }

            var spare = previous2;
            previous2 = previous;
            previous = current;
            current = spare;
        }

        return Math.Min(previous[b.Length], far);
    }
}
