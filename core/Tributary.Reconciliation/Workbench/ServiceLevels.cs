using Tributary.Reconciliation.Breaks;

namespace Tributary.Reconciliation.Workbench;

/// <summary>
/// A profile's service levels: days allowed to close a break of each severity, counted from the record's date (the
/// profile's ageing date field). A severity without an entry has no due date.
/// </summary>
public sealed record ServiceLevels(IReadOnlyDictionary<Severity, int> Days)
{
    /// <summary>No service levels: breaks get no due date.</summary>
    public static ServiceLevels None { get; } = new(new Dictionary<Severity, int>());

    /// <summary>Largest number of days accepted for one severity (ten years).</summary>
    public const int MaxDays = 3650;

    /// <summary>
    /// Gives each break its due date (record date + the severity's days) and overdue flag (open past the due date at
    /// <paramref name="asOf"/>). The record date is the as-of date minus the break's age, so a break without an age
    /// (no ageing date field) gets neither.
    /// </summary>
    public List<Break> Apply(List<Break> breaks, DateOnly? asOf)
    {
        if (Days.Count == 0 || asOf is not { } at)
        {
            return breaks;
        }

        for (var i = 0; i < breaks.Count; i++)
        {
            var b = breaks[i];
            if (b.AgeDays is not { } age || !Days.TryGetValue(b.Severity, out var days))
            {
                continue;
            }

            var due = at.AddDays(days - age);
            breaks[i] = b with { DueDate = due, Overdue = b.Status == Workflow.BreakStatus.Open && at > due };
        }

        return breaks;
    }
}
