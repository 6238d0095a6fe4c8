using System.Globalization;

namespace Tributary.Pipeline.Settings;

/// <summary>
/// Reads typed settings by key (`Tributary:WatchDrops`) from whatever a host's configuration gives, and records one line per
/// value that is present but unusable, naming the key, the value and what is expected. Nothing is defaulted silently: a
/// host shows every line and refuses to start (exit 2) while there is one.
/// </summary>
public sealed class SettingValues(Func<string, string?> lookup)
{
    private readonly List<string> _errors = [];

    /// <summary>One line per unusable value, in the order read.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Records a problem of a key found by the caller.</summary>
    public void Fail(string key, string problem) => _errors.Add($"{key}: {problem}");

    /// <summary>The raw value, or null when the key is not set.</summary>
    public string? Text(string key) => lookup(key);

    /// <summary>`true` or `false` (any case), or null when not set.</summary>
    public bool? Bool(string key) => Parse<bool>(key, "true or false", text => bool.TryParse(text, out var value) ? value : null);

    /// <summary>A whole number of at least 1, or null when not set.</summary>
    public int? PositiveInt(string key) =>
        Parse<int>(key, "a whole number of at least 1", text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null);

    /// <summary>A whole number of at least 1 that may pass 2^31 (a size in bytes), or null when not set.</summary>
    public long? PositiveLong(string key) =>
        Parse<long>(key, "a whole number of at least 1", text => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null);

    /// <summary>A time span above zero (`00:00:02`), or null when not set.</summary>
    public TimeSpan? PositiveTime(string key) =>
        Parse<TimeSpan>(key, "a time span above zero such as 00:00:02", text => TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero ? value : null);

    private T? Parse<T>(string key, string expected, Func<string, T?> parse)
        where T : struct
    {
        if (lookup(key) is not { } text)
        {
            return null;
        }

        if (parse(text.Trim()) is { } value)
        {
            return value;
        }

        Fail(key, $"'{Shorten(text)}' is not {expected}");
        return null;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
