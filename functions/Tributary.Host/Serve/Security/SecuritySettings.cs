using Microsoft.Extensions.Configuration;
using Tributary.Pipeline.Access;

namespace Tributary.Host.Serve.Security;

/// <summary>Authentication, browser-safety and off-loopback settings of `tributary serve` (section `Tributary:Security`).</summary>
public sealed record SecuritySettings
{
    /// <summary>Browser origins (e.g. `https://console.example`) allowed to call the API cross-origin; none means no CORS at all.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Host names accepted in the Host header besides the loopback names; `*` accepts any.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Configured API keys (`ApiKeys:{n}:Name|Hash|Roles`), stored as hashes.</summary>
    public IReadOnlyList<ApiKeyEntry> ApiKeys { get; init; } = [];

    /// <summary>OpenID Connect bearer tokens (`Oidc:Authority|Audience|RolesClaim|NameClaim`); null when not configured.</summary>
    public OidcSettings? Oidc { get; init; }

    /// <summary>The generated local admin key (hashed) when neither keys nor OIDC are configured; set by serve and demo.</summary>
    public ApiKeyEntry? LocalKey { get; init; }

    /// <summary>Where <see cref="LocalKey"/> is kept, quoted in 401 answers so a user knows where to look.</summary>
    public string? LocalKeyFile { get; init; }

    /// <summary>What is wrong in the section; serve refuses to start while there is anything.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Whether credentials beyond the generated local key are configured (what leaving loopback requires).</summary>
    public bool HasConfiguredCredentials => ApiKeys.Count > 0 || Oidc is not null;

    /// <summary>The keys the host accepts: the configured ones and the local one.</summary>
    public ApiKeyRing KeyRing() => new(LocalKey is null ? ApiKeys : [.. ApiKeys, LocalKey]);

    /// <summary>This configuration with the generated local key in use (when nothing else is configured).</summary>
    public SecuritySettings WithLocalKey(string key, string file) =>
        this with { LocalKey = new ApiKeyEntry("local-admin", ApiKey.Hash(key), new HashSet<Role> { Role.Admin }), LocalKeyFile = file };

    /// <summary>Reads `Tributary:Security`; lists are either children (`AllowedOrigins:0`) or one `;`/`,`-separated value.</summary>
    public static SecuritySettings From(IConfigurationSection section)
    {
        var errors = new List<string>();
        var keys = ApiKeyRing.Parse(
            section.GetSection("ApiKeys").GetChildren().Select(c => ($"Tributary:Security:ApiKeys:{c.Key}", c["Name"], c["Hash"], c["Roles"])), errors);

        return new SecuritySettings
        {
            AllowedOrigins = List(section.GetSection("AllowedOrigins")).Select(BrowserRequestGuard.NormalizeOrigin).ToList(),
            AllowedHosts = List(section.GetSection("AllowedHosts")),
            ApiKeys = keys,
            Oidc = ReadOidc(section.GetSection("Oidc"), errors),
            Errors = errors,
        };
    }

    private static OidcSettings? ReadOidc(IConfigurationSection section, List<string> errors)
    {
        var authority = section["Authority"];
        var audience = section["Audience"];
        if (authority is null && audience is null)
        {
            return null;
        }

        if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            errors.Add("Tributary:Security:Oidc:Authority must be the issuer's absolute URL, e.g. https://login.microsoftonline.com/{tenant}/v2.0");
            return null;
        }

        if (uri.Scheme == "http" && !uri.IsLoopback)
        {
            errors.Add($"Tributary:Security:Oidc:Authority must use https (http is accepted for loopback test issuers only): {authority}");
            return null;
        }

        if (string.IsNullOrWhiteSpace(audience))
        {
            errors.Add("Tributary:Security:Oidc:Audience is required: the app's client id or api:// URI that tokens are issued for");
            return null;
        }

        return new OidcSettings(authority!, audience, section["RolesClaim"] ?? "roles", section["NameClaim"]);
    }

    private static List<string> List(IConfigurationSection section)
    {
        // An environment variable can carry a list only as one value, so both forms are read.
        var values = section.GetChildren().Select(c => c.Value).OfType<string>().ToList();
        if (section.Value is { } single)
        {
            values.Add(single);
        }

        return values
            .SelectMany(v => v.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
    }
}
