using System.Security.Claims;

namespace Tributary.Pipeline.Access;

/// <summary>Turns the claims of a token (Entra ID, any OpenID Connect issuer, Easy Auth's principal) into a <see cref="Caller"/>.</summary>
public static class ClaimsCaller
{
    /// <summary>The claim types tried, in order, for the caller's stable id: Entra object id first, then the subject.</summary>
    public static readonly IReadOnlyList<string> IdClaims =
        ["oid", "http://schemas.microsoft.com/identity/claims/objectidentifier", "sub", ClaimTypes.NameIdentifier];

    /// <summary>The claim types tried, in order, for the display name.</summary>
    public static readonly IReadOnlyList<string> NameClaims = ["name", ClaimTypes.Name, "preferred_username", "upn", "appid", "azp"];

    /// <summary>The claim types that carry app roles: Entra's `roles`, and the role type Easy Auth and .NET map it to.</summary>
    public static readonly IReadOnlyList<string> RoleClaims = ["roles", "role", ClaimTypes.Role];

    /// <summary>The caller of these claims; roles that are not ours are ignored, so a token from a shared tenant keeps working.</summary>
    public static Caller From(IEnumerable<Claim> claims, string method, string? roleClaim = null, string? nameClaim = null)
    {
        var all = claims.ToList();
        string? First(IEnumerable<string> types) =>
            types.Select(t => all.FirstOrDefault(c => c.Type == t)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

        var roleTypes = roleClaim is null ? RoleClaims : [roleClaim, .. RoleClaims];
        var roles = new HashSet<Role>();
        foreach (var claim in all.Where(c => roleTypes.Contains(c.Type)))
        {
            // A token may carry roles as one claim per role or as one space/comma-separated value.
            roles.UnionWith(RoleNames.ParseList(claim.Value, out _));
        }

        var id = First(IdClaims) ?? First(NameClaims) ?? "unknown";
        var name = First(nameClaim is null ? NameClaims : [nameClaim, .. NameClaims]) ?? id;
        return new Caller(Clip(id), Clip(name), roles, method);
    }

    // Ids and names end up in break histories; a hostile token must not make them unbounded.
    private static string Clip(string value) => value.Length <= 200 ? value : value[..200];
}
