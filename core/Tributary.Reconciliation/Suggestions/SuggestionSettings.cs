using Tributary.Reconciliation.Profiles;

namespace Tributary.Reconciliation.Suggestions;

/// <summary>
/// The profile's optional <c>suggestions</c> section, resolved: which number is the amount whose differences look like
/// fees or rounding, which date says when a record was booked, how far apart in days candidates may be, and how many
/// records a one-to-many or many-to-one suggestion may group. Null fields are derived from the rest of the profile
/// (see <see cref="SuggestionRoles"/>).
/// </summary>
public sealed record SuggestionSettings(ProfileField? Amount, ProfileField? Date, int DateWindowDays, int MaxParts, bool Enabled)
{
    /// <summary>Default window of booking dates, in days either side.</summary>
    public const int DefaultDateWindowDays = 10;

    /// <summary>Default and largest group size searched.</summary>
    public const int DefaultMaxParts = 4;

    /// <summary>Largest window accepted.</summary>
    public const int MaxDateWindowDays = 366;

    /// <summary>Derive everything from the profile.</summary>
    public static SuggestionSettings Default { get; } = new(null, null, DefaultDateWindowDays, DefaultMaxParts, true);
}
