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

/// <summary>Authenticates `X-Api-Key`: the caller is the configured key's name with its roles.</summary>
internal sealed class ApiKeyAuthentication(IOptionsMonitor<ApiKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The header an API key is sent in.</summary>
    public const string Header = ApiKey.Header;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (values.Count != 1)
        {
            return Task.FromResult(AuthenticateResult.Fail($"send one {Header} header, not {values.Count}"));
        }

        if (Options.Ring.Authenticate(values[0]) is not { } caller)
        {
            return Task.FromResult(AuthenticateResult.Fail($"the {Header} sent is not a key of this host"));
        }

        var identity = new ClaimsIdentity(
            [new Claim("sub", caller.Id), new Claim("name", caller.Name), .. caller.Roles.Select(r => new Claim("roles", r.Name()))],
            caller.Method, "name", "roles");
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
