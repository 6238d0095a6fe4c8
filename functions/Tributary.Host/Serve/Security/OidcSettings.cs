namespace Tributary.Host.Serve.Security;

/// <summary>
/// OpenID Connect bearer tokens (section `Tributary:Security:Oidc`): Entra ID or any issuer with a discovery document. The
/// token's app roles (`roles` claim, values reader/operator/approver/admin) decide what the caller may do.
/// </summary>
/// <param name="Authority">The issuer, e.g. `https://login.microsoftonline.com/{tenant}/v2.0`; its discovery document gives the signing keys.</param>
/// <param name="Audience">The audience tokens must be issued for (the app's client id or its `api://` URI).</param>
/// <param name="RolesClaim">The claim carrying app roles; `roles` in Entra ID.</param>
/// <param name="NameClaim">The claim shown as who acted; `name`, then `preferred_username`, when not set.</param>
public sealed record OidcSettings(string Authority, string Audience, string RolesClaim = "roles", string? NameClaim = null);
