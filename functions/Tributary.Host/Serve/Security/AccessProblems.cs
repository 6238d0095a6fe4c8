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
        // `localAdminKey` tells a client whether the generated key is accepted here, so its advice is true in every configuration.
        var extensions = settings.LocalKeyFile is { } file ? new Dictionary<string, object?> { [LocalAdminKeyExtension] = file } : null;
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required", detail: (failure is null ? "" : failure + ". ") + Advice(),
                extensions: extensions)
            .ExecuteAsync(context);
    }

    /// <summary>The 401 problem's member naming the local admin key file, present only when this host accepts that key.</summary>
    public const string LocalAdminKeyExtension = "localAdminKey";

    private string Advice() =>
        settings.LocalKeyFile is { } file
            ? $"Send an API key in the X-Api-Key header (this host's local admin key is the line in {file})" +
                (settings.Oidc is null ? "." : ", or an OpenID Connect token as Authorization: Bearer <token>.")
            : "Send one of this host's configured API keys (Tributary:Security:ApiKeys) in the X-Api-Key header" +
                (settings.Oidc is null ? "" : ", or an OpenID Connect token as Authorization: Bearer <token>") +
                "; a generated admin.key is not accepted while keys or OIDC are configured.";
}
