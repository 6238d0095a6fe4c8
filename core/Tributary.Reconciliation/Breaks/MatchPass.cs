namespace Tributary.Reconciliation.Breaks;

/// <summary>The matching pass that produced a match or a break, in the order the passes run.</summary>
public enum MatchPass
{
    /// <summary>Records identical to an earlier record of the same side (checked before matching).</summary>
    Duplicate,

    /// <summary>Pass 1: same partition and primary key, one record on each side.</summary>
    ExactKey,

    /// <summary>Pass 2: same secondary key, tolerance field within tolerance, one to one.</summary>
    SecondaryKey,

    /// <summary>Pass 3: one record against several whose sums agree (partial fills, split payouts).</summary>
    Split,

    /// <summary>Pass 4: records nothing matched.</summary>
    Unmatched,
}

/// <summary>Wire names of passes (duplicate, exact_key, secondary_key, split, unmatched).</summary>
public static class MatchPassNames
{
    /// <summary>The snake_case name.</summary>
    public static string Name(this MatchPass pass) => pass switch
    {
        MatchPass.Duplicate => "duplicate",
        MatchPass.ExactKey => "exact_key",
        MatchPass.SecondaryKey => "secondary_key",
        MatchPass.Split => "split",
        _ => "unmatched",
    };
}
