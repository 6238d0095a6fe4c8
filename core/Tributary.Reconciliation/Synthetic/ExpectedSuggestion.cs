namespace Tributary.Reconciliation.Synthetic;

/// <summary>
/// A near miss the generator planted (expected_suggestions.csv): the records (1-based data-record numbers) that are one
/// reality though no pass matches them, the recipe that made them, and the kind a correct suggestion has. Decoys (a
/// stranger with the same amount) have kind <c>none</c>: no suggestion should group them with confidence. Ambiguous
/// plants have a twin as good as the true counterpart, so no confident suggestion is possible.
/// </summary>
public sealed record ExpectedSuggestion(string Kind, IReadOnlyList<int> LeftRecords, IReadOnlyList<int> RightRecords, string Recipe)
{
    /// <summary>The kind of a planted stranger: nothing to suggest.</summary>
    public const string None = "none";

    /// <summary>The recipe name of plants with two equally good candidates.</summary>
    public const string AmbiguousRecipe = "ambiguous";
}
