using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tributary.Pipeline.Access;

namespace Tributary.Host.Serve.Security;

/// <summary>Options of the API-key scheme: the keys it accepts.</summary>
internal sealed class ApiKeyOptions : AuthenticationSchemeOptions
{
    public ApiKeyRing Ring { get; set; } = new([]);
}

/// <summary>
/// Authenticates an API key sent as `X-Api-Key`, or as `Authorization: Bearer &lt;key&gt;` (Prometheus's scrape configuration sends
/// credentials that way): the caller is the configured key's name with its roles.
/// </summary>
internal sealed class ApiKeyAuthentication(IOptionsMonitor<ApiKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The header an API key is sent in.</summary>
    public const string Header = ApiKey.Header;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var sentAs = Header;
        if (!Request.Headers.TryGetValue(Header, out var values))
        {
            if (BearerOf(Request) is not { } bearer)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            (values, sentAs) = (bearer, "bearer key");
        }

        if (values.Count != 1)
        {
            return Task.FromResult(AuthenticateResult.Fail($"send one {Header} header, not {values.Count}"));
        }

        if (Options.Ring.Authenticate(values[0]) is not { } caller)
        {
            return Task.FromResult(AuthenticateResult.Fail($"the {sentAs} sent is not a key of this host"));
        }

        return Task.FromResult(Success(caller));
    }

    /// <summary>The credential of an `Authorization: Bearer` header, or null.</summary>
    internal static string? BearerOf(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        var authorization = request.Headers.Authorization;
        if (authorization.Count != 1 || authorization[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return value["Bearer ".Length..].Trim() is { Length: > 0 } credential ? credential : null;
    }

    private static AuthenticateResult Success(Caller caller)
    {
        var identity = new ClaimsIdentity(
            [new Claim("sub", caller.Id), new Claim("name", caller.Name), .. caller.Roles.Select(r => new Claim("roles", r.Name()))],
            caller.Method, "name", "roles");
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
