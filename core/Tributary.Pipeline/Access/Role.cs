namespace Tributary.Pipeline.Access;

/// <summary>What a caller may do: the four roles of the access matrix (<see cref="AccessPolicy"/>).</summary>
public enum Role
{
    /// <summary>Every read: runs, results, breaks, recommendations, drops, the API description.</summary>
    Reader,

    /// <summary>Starts, re-runs and terminates runs, records feedback, and makes the ordinary break moves.</summary>
    Operator,

    /// <summary>Makes the break moves that close a break (resolved or escalated → closed).</summary>
    Approver,

    /// <summary>Purges runs and changes configuration; holds every other role too.</summary>
    Admin,
}

/// <summary>Wire names of roles: `reader`, `operator`, `approver`, `admin` (API-key configuration, Entra app role values).</summary>
public static class RoleNames
{
    /// <summary>Every role, in matrix order.</summary>
    public static IReadOnlyList<Role> All { get; } = Enum.GetValues<Role>();

    /// <summary>The lower-case wire name.</summary>
    public static string Name(this Role role) => role switch
    {
        Role.Reader => "reader",
        Role.Operator => "operator",
        Role.Approver => "approver",
        _ => "admin",
    };

    /// <summary>Parses a wire name, case-insensitively (Entra app role values are often capitalised).</summary>
    public static bool TryParse(string? name, out Role role)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }

        role = Role.Reader;
        return false;
    }

    /// <summary>Parses a `,`/`;`/space-separated role list; the names that are not roles come back in <paramref name="unknown"/>.</summary>
    public static IReadOnlySet<Role> ParseList(string? names, out IReadOnlyList<string> unknown)
    {
        var roles = new HashSet<Role>();
        var bad = new List<string>();
        foreach (var name in (names ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TryParse(name, out var role))
            {
                roles.Add(role);
            }
            else
            {
                bad.Add(name);
            }
        }

        unknown = bad;
        return roles;
    }
}
