using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Tributary.Host.Tests.Serve.Security;

/// <summary>
/// A real OpenID Connect issuer on a loopback port: discovery document and JWKS over HTTP, RS256-signed tokens. Stands in for
/// Entra ID, which cannot be reached here; `serve` fetches its keys exactly as it would Entra's.
/// </summary>
internal sealed class LocalIssuer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key;

    private LocalIssuer(WebApplication app, RsaSecurityKey key, string authority)
    {
        _app = app;
        _key = key;
        Authority = authority;
    }

    public string Authority { get; }

    public static async Task<LocalIssuer> StartAsync()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-key-1" };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        string? authority = null;
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = authority!,
            ["jwks_uri"] = authority + "/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/keys", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", kid = key.KeyId, alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        await app.StartAsync();
        authority = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalIssuer(app, key, authority);
    }

    /// <summary>A token for <paramref name="audience"/> with these app roles, signed by this issuer (or by a stranger's key).</summary>
    public string Token(string audience, string objectId, string name, string[] roles, bool signedByStranger = false, TimeSpan? lifetime = null)
    {
        var signing = signedByStranger ? new RsaSecurityKey(RSA.Create(2048)) { KeyId = _key.KeyId } : _key;
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(10));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            IssuedAt = now.AddMinutes(-20),
            NotBefore = now.AddMinutes(-20),
            Expires = expires,
            Claims = new Dictionary<string, object> { ["oid"] = objectId, ["name"] = name, ["roles"] = roles },
            SigningCredentials = new SigningCredentials(signing, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
