using System.Globalization;

namespace Tributary.Storage.Cosmos;

/// <summary>
/// Timestamps stored as fixed-width UTC strings (yyyy-MM-ddTHH:mm:ss.fffffffZ), so string order is time order and range
/// filters and ORDER BY work in Cosmos SQL. System.Text.Json's DateTimeOffset format trims trailing zeros and keeps the
/// offset, which would break both.
/// </summary>
internal static class SortableTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ToText(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        new(DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);
}
