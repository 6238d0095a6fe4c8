using Tributary.Reconciliation.Breaks;

namespace Tributary.Reconciliation.Profiles;

/// <summary>Pass 2 definition: exact fields plus an optional field agreeing within a tolerance.</summary>
public sealed record SecondaryKey(IReadOnlyList<ProfileField> Fields, ProfileField? ToleranceField, Tolerance Tolerance);

/// <summary>Pass 3 definition: group fields and the fields whose sums must agree.</summary>
public sealed record SplitRule(IReadOnlyList<ProfileField> Fields, IReadOnlyList<ProfileField> Sum);

/// <summary>
/// A validated profile with every field name resolved to its index. Built only by <see cref="ProfileLoader"/>,
/// so the engine can trust it (every referenced field exists, keys are present on both sides, types fit).
/// </summary>
public sealed class ReconciliationProfile
{
    internal ReconciliationProfile()
    {
    }

    public required string Name { get; init; }
    public required string Description { get; init; }
    public required string BaseCurrency { get; init; }
    public required IReadOnlyList<ProfileField> Fields { get; init; }

    /// <summary>Fields every pass shares; records hash into buckets by these (see Partitioning/BucketHasher).</summary>
    public required IReadOnlyList<ProfileField> PartitionKey { get; init; }

    public required IReadOnlyList<ProfileField> Key { get; init; }
    public required SecondaryKey? SecondaryKey { get; init; }
    public required SplitRule? Split { get; init; }
    public required IReadOnlyList<CompareRule> Compare { get; init; }
    public required ProfileField? FxField { get; init; }
    public required Impact RecordValue { get; init; }
    public required string UnmatchedLeftType { get; init; }
    public required string UnmatchedRightType { get; init; }
    public required ProfileField? AgeingDateField { get; init; }
    public required SeverityRules Severity { get; init; }

    /// <summary>Days to close a break, by severity (the profile's <c>sla</c> section).</summary>
    public Workbench.ServiceLevels ServiceLevels { get; init; } = Workbench.ServiceLevels.None;

    /// <summary>How suggested matches are searched (the profile's <c>suggestions</c> section).</summary>
    public Suggestions.SuggestionSettings Suggestions { get; init; } = Tributary.Reconciliation.Suggestions.SuggestionSettings.Default;

    /// <summary>The source JSON, so a pipeline can ship the profile to activities by value.</summary>
    public required string Json { get; init; }

    /// <summary>Field by logical name.</summary>
    public ProfileField Field(string name) =>
        Fields.FirstOrDefault(f => f.Name == name) ?? throw new KeyNotFoundException($"profile '{Name}' has no field '{name}'");

    /// <summary>Every break type this profile can produce, in a stable order.</summary>
    public IReadOnlyList<string> BreakTypes()
    {
        var types = new List<string>();
        foreach (var rule in Compare)
        {
            types.AddRange(rule.BreakTypes());
        }

        types.Add(UnmatchedLeftType);
        types.Add(UnmatchedRightType);
        types.Add(BreakTypeNames.Duplicate);
        return types.Distinct(StringComparer.Ordinal).ToList();
    }
}
