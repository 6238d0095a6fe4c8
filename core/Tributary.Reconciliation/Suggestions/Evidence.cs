namespace Tributary.Reconciliation.Suggestions;

/// <summary>How two references compare, best first.</summary>
public enum ReferenceMatch
{
    Equal,
    /// <summary>Two adjacent characters swapped.</summary>
    Transposition,
    /// <summary>One character inserted, deleted or replaced.</summary>
    OneEdit,
    /// <summary>One is the other plus a suffix (a fill or instalment number), or the reverse.</summary>
    Prefix,
    TwoEdits,
    /// <summary>One side carries no reference: no evidence either way.</summary>
    Blank,
    Different,
}

/// <summary>How the amounts (sums, for groups) compare: right minus left.</summary>
public enum AmountMatch
{
    /// <summary>Within the profile's own tolerance.</summary>
    Equal,
    /// <summary>A few cents, or half a per mille: rounding.</summary>
    Rounding,
    /// <summary>Right lower by up to 3 %, or by up to 50 and 10 %: a fee or charge taken off.</summary>
    FeeLike,
    /// <summary>Within 20 %.</summary>
    Close,
    Different,
    /// <summary>The profile has no amount.</summary>
    None,
}

/// <summary>How one identifying field compares.</summary>
public enum FieldMatch
{
    Same,
    /// <summary>Text one character off (at least 5 long), a number within 1 %, a date within 3 days.</summary>
    Near,
    Different,
    /// <summary>Blank on a side: no evidence.</summary>
    Blank,
}

/// <summary>One identifying field of a grouping: how it compares on each part (worst first for groups) and the values shown.</summary>
public sealed record FieldEvidence(string Field, FieldMatch Match, int PartsDiffering, string LeftValue, string RightValue)
{
    /// <summary>A group's parts differ on it while another part carries the target's value (a line naming one of several).</summary>
    public bool Carried { get; init; }
}

/// <summary>
/// Everything the suggestion step found about a grouping, component by component: what the explanation says and what
/// the model scores (<see cref="Features"/>).
/// </summary>
public sealed record Evidence
{
    public required ReferenceMatch Reference { get; init; }
    /// <summary>The two references shown for the reference evidence (of the first part that is not equal).</summary>
    public required string LeftReference { get; init; }
    public required string RightReference { get; init; }
    public required AmountMatch Amount { get; init; }
    public required string AmountField { get; init; }
    public required decimal LeftAmount { get; init; }
    public required decimal RightAmount { get; init; }
    /// <summary>Whether the amounts are written without decimals (counts, not money): no fee wording then.</summary>
    public required bool WholeAmounts { get; init; }
    /// <summary>Right date minus left date in days, smallest and largest over the parts; null without a date.</summary>
    public required int? DaysFrom { get; init; }
    public required int? DaysTo { get; init; }
    public required IReadOnlyList<FieldEvidence> Fields { get; init; }
    /// <summary>Records on the many side (1 for one-to-one).</summary>
    public required int Parts { get; init; }
    /// <summary>For groups: candidates the subset search looked at, and whether a cap stopped it short.</summary>
    public required int Candidates { get; init; }
    public required bool Capped { get; init; }
    /// <summary>The model's inputs, in <see cref="EvidenceFeatures.Names"/> order.</summary>
    public required double[] Features { get; init; }
}

/// <summary>
/// The feature vector the confidence model reads, derived from <see cref="Evidence"/>. References and amounts are
/// one-hot classes (the baseline: references that differ, amounts that differ); field agreement is in bits over
/// <see cref="FieldWeights.MaxBits"/>; dates are the same day, or more than <see cref="EvidenceFeatures.NearDays"/> apart
/// (the baseline: a few days apart, as value dates lag).
/// </summary>
public static class EvidenceFeatures
{
    /// <summary>Feature names, in order (the model file lists them too, and must agree).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "bias", "parts_extra",
        "ref_equal", "ref_one_edit", "ref_prefix", "ref_two_edits", "ref_blank",
        "amount_equal", "amount_rounding", "amount_fee_like", "amount_close", "amount_equal_bits",
        "fields_agree_bits", "fields_near_bits", "fields_differ_bits",
        "date_same", "date_far",
        "search_bits",
    ];

    public const int Bias = 0, PartsExtra = 1, RefEqual = 2, RefOneEdit = 3, RefPrefix = 4, RefTwoEdits = 5, RefBlank = 6,
        AmountEqual = 7, AmountRounding = 8, AmountFeeLike = 9, AmountClose = 10, AmountEqualBits = 11,
        FieldsAgree = 12, FieldsNear = 13, FieldsDiffer = 14, DateSame = 15, DateFar = 16, SearchBits = 17;

    public static int Count => Names.Count;

    /// <summary>Dates this many days apart or fewer are near (a value date lagging a booking).</summary>
    public const int NearDays = 3;
}
