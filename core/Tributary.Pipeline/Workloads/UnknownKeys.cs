using System.Text.Json;
using Tributary.Pipeline.Durable;

namespace Tributary.Pipeline.Workloads;

/// <summary>
/// Keys of a request or manifest object that its type does not have. The serializer would drop them without a word, so a
/// misspelt `datset` would silently run with the default dataset; each is reported with the closest known key instead.
/// </summary>
public static class UnknownKeys
{
    /// <summary>The unknown keys of <paramref name="json"/> for <typeparamref name="T"/>, as (field under <paramref name="path"/>, problem).</summary>
    public static IEnumerable<(string Field, string Problem)> Of<T>(JsonElement json, string path)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        // The serializer's own names (camelCase, matched case-insensitively), so this agrees with what binding reads.
        var known = DurableJson.Options.GetTypeInfo(typeof(T)).Properties.Select(p => p.Name).ToList();
        foreach (var property in json.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
            {
                yield return (path.Length == 0 ? property.Name : $"{path}.{property.Name}", Problem(property.Name, known));
            }
        }
    }

    /// <summary>What is wrong with an unknown key: its name and the closest known key, or the known keys when none is close.</summary>
    public static string Problem(string key, IReadOnlyList<string> known)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(known);
        var closest = Closest(key, known);
        return closest is not null
            ? $"unknown key `{key}`; did you mean `{closest}`?"
            : $"unknown key `{key}`; known keys: {string.Join(", ", known.Select(k => $"`{k}`"))}";
    }

    /// <summary>The known word closest to <paramref name="word"/> by edit distance (case-insensitive), within a third of its length (at least 2); null when none is.</summary>
    public static string? Closest(string word, IReadOnlyList<string> known)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(known);
        return known
            .Select(k => (Key: k, Distance: Distance(word.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(k => k.Distance <= Math.Max(2, word.Length / 3))
            .OrderBy(k => k.Distance)
            .ThenBy(k => k.Key, StringComparer.Ordinal)
            .Select(k => k.Key)
            .FirstOrDefault();
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions), on keys of a few dozen characters.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
