namespace Tributary.Reconciliation.Synthetic;

/// <summary>The ways a record and its counterpart can slip past every pass while still being one reality.</summary>
internal enum NearMissRecipe
{
    /// <summary>Reference with a typo (two characters swapped, or one replaced) and a fee taken off the amount.</summary>
    TypoFee,
    /// <summary>Reference with a typo, booked one to three days later.</summary>
    TypoLate,
    /// <summary>Reference with a typo and a small difference in amount (rounding; a count off by one or two).</summary>
    TypoAmount,
    /// <summary>No reference, and an identifying value (IBAN, bin) one character off.</summary>
    IdentifierTypoNoReference,
    /// <summary>No reference, booked one to three days later.</summary>
    NoReferenceLate,
    /// <summary>Paid or counted as two or three records without the reference; sums agree.</summary>
    SplitNoReference,
    /// <summary>Two or three records whose sum falls short by a fee (references kept or extended).</summary>
    SplitShortFee,
    /// <summary>Two or three left records settled by one right record without a reference.</summary>
    MergeNoReference,
    /// <summary>No counterpart; a stranger with the same amount on the other side (a true negative).</summary>
    Decoy,
    /// <summary>
    /// No counterpart; a stranger of the same counterparty or instrument (every identifying text field shared) with no
    /// reference or the neighbouring number, and an amount of its own or 5 to 20 % off (a true negative that looks partly right).
    /// </summary>
    Confuser,
    /// <summary>The counterpart without reference and a twin as good as it: two equally good candidates.</summary>
    Ambiguous,
}

/// <summary>What a synthetic domain's near misses look like: which recipes, what a fee is, which field takes a typo.</summary>
internal interface INearMissDomain
{
    /// <summary>Recipes and their relative frequency.</summary>
    IReadOnlyList<(NearMissRecipe Recipe, int Weight)> Recipes { get; }

    /// <summary>The identifying text field an identifier typo goes into.</summary>
    string IdentifierField { get; }

    /// <summary>Fields the extra left records of a merge share with the first (same payer).</summary>
    IReadOnlyList<string> SharedOnMerge { get; }

    /// <summary>A fee (or a count difference) on this amount.</summary>
    decimal Fee(decimal amount, Random random);

    /// <summary>The reference of part <paramref name="part"/> (1-based) of a split that keeps references.</summary>
    string SplitReference(string reference, int part);

    /// <summary>Changes the one right record of a merge after it is built (a bulk line's own habits); nothing by default.</summary>
    void Settle(object?[] merged, Random random)
    {
    }
}
