namespace Tributary.Reconciliation.Synthetic;

/// <summary>A record's amount paid as two instalments: the domains' split near misses.</summary>
internal static class Instalments
{
    /// <summary>
    /// Two copies of <paramref name="row"/>, the first carrying <paramref name="share"/> of the amount (rounded to cents) and
    /// the second the rest; null when either would be empty. Unequal shares keep the two lines from being duplicates.
    /// </summary>
    public static List<object?[]>? Split(object?[] row, int amountIndex, decimal share)
    {
        var amount = (decimal)row[amountIndex]!;
        var first = Math.Round(amount * share, 2);
        if (first <= 0 || first >= amount)
        {
            return null;
        }

        var a = (object?[])row.Clone();
        var b = (object?[])row.Clone();
        a[amountIndex] = first;
        b[amountIndex] = amount - first;
        return [a, b];
    }
}
