namespace Tributary.Reconciliation.Breaks;

/// <summary>How urgently a break needs work, lowest first.</summary>
public enum Severity
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>Wire names of severities (low, medium, high, critical).</summary>
public static class SeverityNames
{
    /// <summary>The lower-case name.</summary>
    public static string Name(this Severity severity) => severity switch
    {
        Severity.Low => "low",
        Severity.Medium => "medium",
        Severity.High => "high",
        _ => "critical",
    };

    /// <summary>Parses a lower-case name.</summary>
    public static bool TryParse(string? name, out Severity severity)
    {
        switch (name)
        {
            case "low": severity = Severity.Low; return true;
            case "medium": severity = Severity.Medium; return true;
            case "high": severity = Severity.High; return true;
            case "critical": severity = Severity.Critical; return true;
            default: severity = Severity.Low; return false;
        }
    }
}
