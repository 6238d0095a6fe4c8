using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Access;

namespace Tributary.Host.Serve.Security;

/// <summary>The <see cref="Caller"/> of an authenticated request, whichever scheme authenticated it.</summary>
internal sealed class CallerReader(SecuritySettings settings)
{
    /// <summary>The caller the principal stands for; an anonymous principal has no roles.</summary>
    public Caller Of(ClaimsPrincipal user) =>
        ClaimsCaller.From(user.Claims, user.Identity?.AuthenticationType ?? "anonymous", settings.Oidc?.RolesClaim, settings.Oidc?.NameClaim);

    /// <summary>The caller of the request.</summary>
    public Caller Of(HttpContext context) => Of(context.User);
}
