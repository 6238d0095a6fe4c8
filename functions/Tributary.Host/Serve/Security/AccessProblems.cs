using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Access;

namespace Tributary.Host.Serve.Security;

/// <summary>
/// Answers refused requests with problem details that say what to do: 401 (no or wrong credential) names the header and where
/// the local key is; 403 (authenticated, lacking the role) names the role.
/// </summary>
internal sealed class AccessProblems(SecuritySettings settings, CallerReader callers) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true)
        {
            var operation = policy.Requirements.OfType<OperationRequirement>().Select(r => r.Operation).FirstOrDefault();
            var caller = callers.Of(context);
            await Results.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Forbidden",
                    detail: AccessPolicy.Refusal(caller, AccessPolicy.RequiredRole(operation), AccessPolicy.Describe(operation)))
                .ExecuteAsync(context);
            return;
        }

        var failure = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Failure?.Message;
        context.Response.Headers.WWWAuthenticate = settings.Oidc is null ? "ApiKey header=\"X-Api-Key\"" : "ApiKey header=\"X-Api-Key\", Bearer";
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required", detail: (failure is null ? "" : failure + ". ") + Advice())
            .ExecuteAsync(context);
    }

    private string Advice() =>
        "Send an API key in the X-Api-Key header" +
        (settings.LocalKeyFile is { } file ? $" (this host's local admin key is the line in {file})" : "") +
        (settings.Oidc is null ? "." : ", or an OpenID Connect token as Authorization: Bearer <token>.");
}
