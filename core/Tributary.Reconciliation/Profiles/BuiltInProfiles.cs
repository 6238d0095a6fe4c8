using System.Collections.Concurrent;

namespace Tributary.Reconciliation.Profiles;

/// <summary>The profiles shipped as embedded JSON resources (Profiles/BuiltIn/*.json): plain data, like a user profile.</summary>
public static class BuiltInProfiles
{
    /// <summary>Built-in profile names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["trades", "positions", "inventory", "pos", "payments"];

    private static readonly ConcurrentDictionary<string, ReconciliationProfile> Cache = new(StringComparer.Ordinal);

    /// <summary>A built-in profile by name.</summary>
    public static ReconciliationProfile Get(string name)
    {
        if (!Names.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"no built-in profile '{name}'", nameof(name));
        }

        return Cache.GetOrAdd(name, static n => ProfileLoader.Parse(Json(n), $"built-in:{n}"));
    }

    /// <summary>The JSON text of a built-in profile (a starting point for custom profiles).</summary>
    public static string Json(string name)
    {
        var resource = $"Tributary.Reconciliation.Profiles.BuiltIn.{name}.json";
        using var stream = typeof(BuiltInProfiles).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"missing embedded resource {resource}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
