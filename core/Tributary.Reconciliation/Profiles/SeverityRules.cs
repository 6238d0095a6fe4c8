using Tributary.Reconciliation.Breaks;

namespace Tributary.Reconciliation.Profiles;

/// <summary>One severity rule: applies when the type is listed (or none are) and the impact reaches the minimum.</summary>
public sealed record SeverityRule(IReadOnlySet<string> BreakTypes, decimal MinImpact, Severity Severity);

/// <summary>A profile's severity rules: first applicable rule wins, in the order written; otherwise the default.</summary>
public sealed record SeverityRules(IReadOnlyList<SeverityRule> Rules, Severity Default)
{
    /// <summary>The severity of a break of this type and base-currency impact.</summary>
    public Severity Classify(string breakType, decimal financialImpact)
    {
        foreach (var rule in Rules)
        {
            if ((rule.BreakTypes.Count == 0 || rule.BreakTypes.Contains(breakType)) && financialImpact >= rule.MinImpact)
            {
                return rule.Severity;
            }
        }

        return Default;
    }
}
