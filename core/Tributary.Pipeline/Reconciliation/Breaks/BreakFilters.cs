using Tributary.Reconciliation.Breaks;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Workflow;

namespace Tributary.Pipeline.Reconciliation;

/// <summary>
/// The values the break listing filters on: `status` (the workflow's), `severity` and `type` (every type the built-in
/// profiles produce). A value matches a known one regardless of case, `_`, `-` and spaces (`Open`, `IN_REVIEW`, `InReview`
/// all mean `in_review`) and is stored-form from then on; anything else is refused naming the allowed values, with the
/// closest one as "did you mean", because a filter that matches nothing would answer an empty page as if that were true.
/// </summary>
public static class BreakFilters
{
    /// <summary>The break statuses, in workflow order.</summary>
    public static IReadOnlyList<string> Statuses { get; } = Enum.GetValues<BreakStatus>().Select(s => s.Name()).ToList();

    /// <summary>The severities, lowest first.</summary>
    public static IReadOnlyList<string> Severities { get; } = Enum.GetValues<Severity>().Select(s => s.Name()).ToList();

    /// <summary>Every break type a built-in profile can produce, sorted.</summary>
    public static IReadOnlyList<string> Types { get; } =
        BuiltInProfiles.Names.SelectMany(n => BuiltInProfiles.Get(n).BreakTypes()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The allowed values of a filter field (`status`, `severity`, `type`).</summary>
    public static IReadOnlyList<string> Allowed(string field) => field switch
    {
        "status" => Statuses,
        "severity" => Severities,
        "type" => Types,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a break filter"),
    };

    /// <summary>The stored form of <paramref name="value"/> for the field, or null with what is wrong in <paramref name="problem"/>.</summary>
    public static string? Normalize(string field, string value, out string problem)
    {
        ArgumentNullException.ThrowIfNull(value);
        var allowed = Allowed(field);
        var key = Key(value);
        if (allowed.FirstOrDefault(a => Key(a) == key) is { } match)
        {
            problem = "";
            return match;
        }

        var shown = value.Length <= 40 ? value : value[..37] + "...";
        var closest = Workloads.UnknownKeys.Closest(key, allowed.Select(Key).ToList()) is { } near ? allowed.First(a => Key(a) == near) : null;
        problem = $"'{shown}' is not a break {field}" + (closest is null ? "" : $"; did you mean '{closest}'?") +
            $" Allowed (any case): {string.Join(", ", allowed)}";
        return null;
    }

    private static string Key(string value) =>
        new(value.Where(c => c is not ('_' or '-' or ' ')).Select(char.ToLowerInvariant).ToArray());
}
