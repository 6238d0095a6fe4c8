using Tributary.Reconciliation.Profiles;

namespace Tributary.Reconciliation.Suggestions;

/// <summary>
/// What each field of a profile is to the suggestion step. References are the primary key's text fields; the amount is
/// the profile's <c>suggestions.amount</c> or else the first number, carried on both sides, of the record value, the
/// split sums, the secondary key's tolerance field or the compared fields; the date is <c>suggestions.date</c> or else
/// the ageing date field (or the first date on both sides); additive fields (summed over the parts of a group) are the
/// split sums and the amount; every other field on both sides is an identifying field whose agreement is evidence.
/// </summary>
public sealed class SuggestionRoles
{
    private SuggestionRoles(ReconciliationProfile profile)
    {
        var settings = profile.Suggestions;
        bool Both(ProfileField f) => f.LeftColumn is not null && f.RightColumn is not null;
        var partition = profile.PartitionKey.Select(f => f.Index).ToHashSet();
        References = profile.Key.Where(f => f.Type == FieldType.Text && !partition.Contains(f.Index)).ToArray();
        var numbers = profile.RecordValue.TimesFields.Select(i => profile.Fields[i])
            .Concat(profile.Split?.Sum ?? [])
            .Concat(profile.SecondaryKey?.ToleranceField is { } t ? [t] : [])
            .Concat(profile.Compare.Select(c => c.Field))
            .Where(f => f.Type == FieldType.Number && Both(f) && !partition.Contains(f.Index));
        Amount = settings.Amount ?? numbers.FirstOrDefault();
        Date = settings.Date
            ?? (profile.AgeingDateField is { } a && Both(a) ? a : profile.Fields.FirstOrDefault(f => f.Type == FieldType.Date && Both(f)));
        var additive = (profile.Split?.Sum ?? []).Where(Both).ToList();
        if (Amount is { } amount && additive.All(f => f.Index != amount.Index))
        {
            additive.Insert(0, amount);
        }

        Additive = additive.ToArray();
        AmountTolerance = Amount is { } m ? profile.Compare.FirstOrDefault(c => c.Field.Index == m.Index)?.Tolerance ?? Tolerance.Exact : Tolerance.Exact;
        var taken = partition.Concat(References.Select(f => f.Index)).Concat(Amount is { } x ? [x.Index] : [])
            .Concat(Date is { } d ? [d.Index] : []).ToHashSet();
        Identifying = profile.Fields.Where(f => Both(f) && !taken.Contains(f.Index)).ToArray();
        AdditiveIndex = Identifying.Select(f => additive.Any(a => a.Index == f.Index)).ToArray();
        Tolerances = Identifying.Select(f => profile.Compare.FirstOrDefault(c => c.Field.Index == f.Index)?.Tolerance
            ?? (f.Type == FieldType.Date ? new Tolerance(ToleranceKind.Days, 0) : Tolerance.Exact)).ToArray();
        Settings = settings;
    }

    /// <summary>The roles of a profile's fields.</summary>
    public static SuggestionRoles Of(ReconciliationProfile profile) => new(profile);

    /// <summary>Primary-key text fields compared by edit distance.</summary>
    public IReadOnlyList<ProfileField> References { get; }

    /// <summary>The money (or count) whose difference is judged as equal, rounding, fee-like or different; null when none.</summary>
    public ProfileField? Amount { get; }

    /// <summary>The compare tolerance of the amount (what the engine itself accepts).</summary>
    public Tolerance AmountTolerance { get; }

    /// <summary>The booking date candidates are narrowed and compared by; null when none.</summary>
    public ProfileField? Date { get; }

    /// <summary>Fields whose sums over a group's parts must agree with the other side (amount first).</summary>
    public IReadOnlyList<ProfileField> Additive { get; }

    /// <summary>Every other field on both sides: agreement is evidence, disagreement counts against.</summary>
    public IReadOnlyList<ProfileField> Identifying { get; }

    /// <summary>Per identifying field: whether it is additive (then compared as a sum in groups, not part by part).</summary>
    public IReadOnlyList<bool> AdditiveIndex { get; }

    /// <summary>Per identifying field: the tolerance within which two values agree (the profile's compare tolerance, else exact).</summary>
    public IReadOnlyList<Tolerance> Tolerances { get; }

    public SuggestionSettings Settings { get; }
}
