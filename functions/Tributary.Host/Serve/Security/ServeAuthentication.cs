using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Tributary.Pipeline.Access;

namespace Tributary.Host.Serve.Security;

/// <summary>
/// Who may call `serve`: API keys (`X-Api-Key`, or `Authorization: Bearer &lt;key&gt;` as scrapers such as Prometheus send it)
/// and, when configured, OpenID Connect bearer tokens (a JWT has dots, a key has none); one authorization policy
/// per <see cref="PipelineOperation"/>, decided by core's <see cref="AccessPolicy"/>. Every endpoint needs a reader at least
/// unless it says otherwise (only /api/health does).
/// </summary>
internal static class ServeAuthentication
{
    private const string Selector = "Tributary";

    public static void AddServices(IServiceCollection services, SecuritySettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(new CallerReader(settings));
        services.AddSingleton<IAuthorizationHandler, OperationAuthorization>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessProblems>();
        var authentication = services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "API key or bearer token", o => o.ForwardDefaultSelector = context =>
                settings.Oidc is not null && ApiKeyAuthentication.BearerOf(context.Request) is { } bearer && bearer.Contains('.', StringComparison.Ordinal)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthentication.SchemeName)
            .AddScheme<ApiKeyOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, o => o.Ring = settings.KeyRing());
        if (settings.Oidc is { } oidc)
        {
            authentication.AddJwtBearer(o =>
            {
                o.Authority = oidc.Authority;
                o.Audience = oidc.Audience;

                // Loopback issuers (tests, a local identity server) have no certificate; anything else must be https (SecuritySettings).
                o.RequireHttpsMetadata = !new Uri(oidc.Authority).IsLoopback;

                // Raw claim names (roles, name, oid), as Entra issues them, instead of .NET's long URIs.
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidAudience = oidc.Audience,
                    RoleClaimType = oidc.RolesClaim,
                    NameClaimType = oidc.NameClaim ?? "name",
                };
            });
        }

        services.AddAuthorization(o =>
        {
            foreach (var operation in Enum.GetValues<PipelineOperation>())
            {
                o.AddPolicy(OperationRequirement.PolicyName(operation), p => p.RequireAuthenticatedUser().AddRequirements(new OperationRequirement(operation)));
            }

            // Secure by default: an endpoint nobody annotated still needs a reader.
            o.FallbackPolicy = o.GetPolicy(OperationRequirement.PolicyName(PipelineOperation.Read));
        });
    }

    /// <summary>After the guards, before the endpoints.</summary>
    public static void Use(IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
    }

    /// <summary>Marks an endpoint with the operation it performs.</summary>
    public static TBuilder Requires<TBuilder>(this TBuilder builder, PipelineOperation operation)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(OperationRequirement.PolicyName(operation));
}
