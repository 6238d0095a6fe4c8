using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tributary.Host.Serve.Security;

/// <summary>Adds the browser hardening headers to every response, errors and 404s included.</summary>
internal static class SecurityHeaders
{
    /// <summary>Strict enough for an API, loose enough for a web console served from the host's own origin.</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static void Use(IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Set when the response starts rather than now: the exception handler clears headers before writing its problem.
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            // The console's files set their own, stricter policy (WebConsole/ConsoleFiles); everything else gets this one.
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }

            headers.XFrameOptions = "DENY";
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    });
}
