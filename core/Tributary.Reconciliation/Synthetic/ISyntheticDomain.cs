namespace Tributary.Reconciliation.Synthetic;

/// <summary>
/// The realistic records of one built-in profile: a base left record per index (values by field index: string, decimal or
/// DateOnly), with every secondary key unique so planted breaks are unambiguous.
/// </summary>
internal interface ISyntheticDomain
{
    /// <summary>The left record number <paramref name="i"/>.</summary>
    object?[] NewRow(int i, Random random);

    /// <summary>Splits a right record into parts whose sums agree (partial fills, split payouts, two scans), or null.</summary>
    List<object?[]>? Split(object?[] right, Random random);

    /// <summary>Changes the right record's reference so only the secondary key can match it, or false when this profile cannot.</summary>
    bool Rekey(object?[] right, int i);
}
