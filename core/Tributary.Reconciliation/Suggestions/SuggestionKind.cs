namespace Tributary.Reconciliation.Suggestions;

/// <summary>The shape of a suggested grouping: one left record against one, several, or several against one right record.</summary>
public enum SuggestionKind
{
    OneToOne,
    OneToMany,
    ManyToOne,
}

/// <summary>Wire names (one_to_one, one_to_many, many_to_one).</summary>
public static class SuggestionKindNames
{
    /// <summary>The snake_case name.</summary>
    public static string Name(this SuggestionKind kind) => kind switch
    {
        SuggestionKind.OneToOne => "one_to_one",
        SuggestionKind.OneToMany => "one_to_many",
        _ => "many_to_one",
    };

    /// <summary>Parses a snake_case name.</summary>
    public static bool TryParse(string? name, out SuggestionKind kind)
    {
        foreach (var candidate in Enum.GetValues<SuggestionKind>())
        {
            if (candidate.Name() == name)
            {
                kind = candidate;
                return true;
            }
        }

        kind = SuggestionKind.OneToOne;
        return false;
    }
}
