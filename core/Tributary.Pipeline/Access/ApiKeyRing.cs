using System.Security.Cryptography;
using System.Text;

namespace Tributary.Pipeline.Access;

/// <summary>One configured key: who it is (the name recorded as the actor), its stored hash, and its roles.</summary>
public sealed record ApiKeyEntry(string Name, string Hash, IReadOnlySet<Role> Roles);

/// <summary>The keys a host accepts; finds the caller a presented key belongs to, comparing hashes in constant time.</summary>
public sealed class ApiKeyRing
{
    private readonly IReadOnlyList<(ApiKeyEntry Entry, byte[] Hash)> _entries;

    /// <summary>A ring over entries already validated (<see cref="Validate"/>).</summary>
    public ApiKeyRing(IEnumerable<ApiKeyEntry> entries) =>
        _entries = entries.Select(e => (e, Encoding.ASCII.GetBytes(e.Hash))).ToList();

    /// <summary>How many keys the ring holds.</summary>
    public int Count => _entries.Count;

    /// <summary>The caller whose key this is, or null (unknown, empty or over-long key).</summary>
    public Caller? Authenticate(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > ApiKey.MaxLength)
        {
            return null;
        }

        var hash = Encoding.ASCII.GetBytes(ApiKey.Hash(presented));
        ApiKeyEntry? match = null;

        // Every entry is compared, so the time taken does not tell which entry, or how much of one, matched.
        foreach (var (entry, stored) in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, stored))
            {
                match = entry;
            }
        }

        return match is null ? null : new Caller($"key:{match.Name}", match.Name, match.Roles, "api-key");
    }

    /// <summary>
    /// Reads configured entries (`{Where}:Name|Hash|Roles`, e.g. `Tributary:Security:ApiKeys:0`) in both hosts; what is wrong
    /// goes to <paramref name="errors"/>, naming the setting, and the entry is left out.
    /// </summary>
    public static IReadOnlyList<ApiKeyEntry> Parse(IEnumerable<(string Where, string? Name, string? Hash, string? Roles)> configured, List<string> errors)
    {
        var entries = new List<ApiKeyEntry>();
        foreach (var (where, name, hash, roles) in configured)
        {
            if (Validate(where, name, hash, roles, out var entry) is { } problem)
            {
                errors.Add(problem);
            }
            else
            {
                entries.Add(entry!);
            }
        }

        if (entries.GroupBy(k => k.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            errors.Add($"the API key name '{duplicate.Key}' is used twice; names are recorded as who acted, so they must differ");
        }

        return entries;
    }

    /// <summary>What is wrong with a configured entry, or null: a name, a hash in the stored form, at least one known role.</summary>
    public static string? Validate(string where, string? name, string? hash, string? roles, out ApiKeyEntry? entry)
    {
        entry = null;
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64)
        {
            return $"{where}:Name is required (at most 64 characters): it is recorded as who acted";
        }

        if (!ApiKey.IsHash(hash))
        {
            return $"{where}:Hash must be '{ApiKey.HashPrefix}' and 64 lower-case hex digits, the hash of the key, never the key itself; " +
                "`tributary keys new` prints a key with its hash";
        }

        var parsed = RoleNames.ParseList(roles, out var unknown);
        if (unknown.Count > 0 || parsed.Count == 0)
        {
            return $"{where}:Roles must list one or more of {string.Join(", ", RoleNames.All.Select(r => r.Name()))}" +
                (unknown.Count > 0 ? $"; not roles: {string.Join(", ", unknown)}" : "");
        }

        entry = new ApiKeyEntry(name.Trim(), hash!, parsed);
        return null;
    }
}
