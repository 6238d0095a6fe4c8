namespace Tributary.Reconciliation.Profiles;

/// <summary>One field compared on every matched pair, and what a disagreement is called and worth.</summary>
public sealed record CompareRule(
    ProfileField Field,
    Tolerance Tolerance,
    string BreakType,
    string? WhenRightLower,
    string? WhenRightHigher,
    Impact Impact)
{
    /// <summary>The break type for a signed difference (right − left).</summary>
    public string BreakTypeFor(decimal difference) =>
        difference < 0 && WhenRightLower is not null ? WhenRightLower
        : difference > 0 && WhenRightHigher is not null ? WhenRightHigher
        : BreakType;

    /// <summary>Every break type this rule can produce.</summary>
    public IEnumerable<string> BreakTypes()
    {
        if (WhenRightLower is null || WhenRightHigher is null)
        {
            yield return BreakType;
        }

        if (WhenRightLower is not null)
        {
            yield return WhenRightLower;
        }

        if (WhenRightHigher is not null)
        {
            yield return WhenRightHigher;
        }
    }
}
