namespace Tributary.Reconciliation.Workflow;

/// <summary>Where a break is in its life: open → in_review → resolved | escalated → closed.</summary>
public enum BreakStatus
{
    Open,
    InReview,
    Resolved,
    Escalated,
    Closed,
}

/// <summary>Wire names of statuses (open, in_review, resolved, escalated, closed).</summary>
public static class BreakStatusNames
{
    /// <summary>The snake_case name.</summary>
    public static string Name(this BreakStatus status) => status switch
    {
        BreakStatus.Open => "open",
        BreakStatus.InReview => "in_review",
        BreakStatus.Resolved => "resolved",
        BreakStatus.Escalated => "escalated",
        _ => "closed",
    };

    /// <summary>Parses a snake_case name.</summary>
    public static bool TryParse(string? name, out BreakStatus status)
    {
        foreach (var candidate in Enum.GetValues<BreakStatus>())
        {
            if (candidate.Name() == name)
            {
                status = candidate;
                return true;
            }
        }

        status = BreakStatus.Open;
        return false;
    }

    /// <summary>Parses any spelling of a status regardless of case, `_`, `-` and spaces: `in_review`, `InReview`, `IN-REVIEW`.</summary>
    public static bool TryParseAnySpelling(string? name, out BreakStatus status)
    {
        var key = name is null ? "" : new string(name.Where(c => c is not ('_' or '-' or ' ')).Select(char.ToLowerInvariant).ToArray());
        foreach (var candidate in Enum.GetValues<BreakStatus>())
        {
            if (candidate.Name().Replace("_", "", StringComparison.Ordinal) == key)
            {
                status = candidate;
                return true;
            }
        }

        status = BreakStatus.Open;
        return false;
    }
}
