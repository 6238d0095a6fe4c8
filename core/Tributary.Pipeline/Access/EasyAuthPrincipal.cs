using System.Security.Claims;
using System.Text;
using System.Text.Json;

namespace Tributary.Pipeline.Access;

/// <summary>
/// Reads App Service Authentication's `X-MS-CLIENT-PRINCIPAL` header (base64 JSON: auth_typ, claims, name_typ, role_typ) into a
/// <see cref="Caller"/>. Trust it only where Easy Auth is on: App Service then removes the header from incoming requests and
/// sets it itself; anywhere else a client could write it.
/// </summary>
public static class EasyAuthPrincipal
{
    /// <summary>The header name.</summary>
    public const string Header = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>The longest header value read; Easy Auth's principals are a few KB.</summary>
    public const int MaxHeaderLength = Runs.InputLimits.MaxPrincipalHeaderLength;

    /// <summary>The caller the header describes, or null when it is absent, over-long or not Easy Auth's format.</summary>
    public static Caller? TryRead(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > MaxHeaderLength)
        {
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64String(header.Trim());
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var list = new List<Claim>();
            foreach (var claim in claims.EnumerateArray())
            {
                if (claim.ValueKind == JsonValueKind.Object
                    && claim.TryGetProperty("typ", out var type) && type.ValueKind == JsonValueKind.String
                    && claim.TryGetProperty("val", out var value) && value.ValueKind == JsonValueKind.String)
                {
                    list.Add(new Claim(type.GetString()!, value.GetString()!));
                }
            }

            var method = String(root, "auth_typ") ?? "easyauth";
            return ClaimsCaller.From(list, $"easyauth:{method}", String(root, "role_typ"), String(root, "name_typ"));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The header value for a principal, as Easy Auth would send it (tests and local tooling).</summary>
    public static string Encode(string authType, IEnumerable<(string Type, string Value)> claims) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            auth_typ = authType,
            claims = claims.Select(c => new { typ = c.Type, val = c.Value }),
            name_typ = ClaimTypes.Name,
            role_typ = ClaimTypes.Role,
        })));

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
