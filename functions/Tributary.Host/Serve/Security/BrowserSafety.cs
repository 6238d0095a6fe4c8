using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Tributary.Host.Serve.Security;

/// <summary>Wires browser safety into the host: security headers, Host allowlist, opt-in CORS, JSON-only same-origin writes.</summary>
internal static class BrowserSafety
{
    public static void AddServices(IServiceCollection services, SecuritySettings settings)
    {
        if (settings.AllowedOrigins.Count == 0)
        {
            return;
        }

        services.AddCors(o => o.AddDefaultPolicy(p => p
            .WithOrigins([.. settings.AllowedOrigins])
            .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete)
            .WithHeaders("Content-Type", "Accept", ApiKeyAuthentication.Header, "Authorization")
            .WithExposedHeaders("Location")));
    }

    /// <summary>Outermost of the pipeline, so headers reach error pages; call before the exception handler.</summary>
    public static void UseHeaders(IApplicationBuilder app) => SecurityHeaders.Use(app);

    /// <summary>After the exception handler and status-code pages, before the endpoints.</summary>
    public static void UseGuards(IApplicationBuilder app, SecuritySettings settings)
    {
        HostAllowlist.Use(app, settings);
        if (settings.AllowedOrigins.Count > 0)
        {
            // Answers preflights itself, so they never reach the guard below.
            app.UseCors();
        }

        BrowserRequestGuard.Use(app, settings);
    }
}
