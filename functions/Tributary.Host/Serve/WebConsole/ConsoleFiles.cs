using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Tributary.WebConsole;

namespace Tributary.Host.Serve.WebConsole;

/// <summary>
/// Serves the operator's console (functions/Tributary.Console, embedded) at `/`: its files by name and its page for its own
/// paths (`/runs/{id}`, `/new`, …), to anyone, since the page signs in itself and holds nothing secret; everything it shows
/// comes from the API, which checks every request. Its responses carry the console's stricter Content-Security-Policy.
/// Placed after the Host allowlist and before authentication, so the sign-in page loads without a credential.
/// </summary>
internal static class ConsoleFiles
{
    public static void Use(IApplicationBuilder app, ConsoleSettings settings)
    {
        var assets = ConsoleAssets.Embedded;
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var path = request.Path.Value ?? "/";
            if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                || path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/openapi/", StringComparison.Ordinal)
                || context.GetEndpoint() is not null
                || assets.Find(path.TrimStart('/'), "/", settings.TraceUrl) is not { } asset)
            {
                await next(context);
                return;
            }

            var response = context.Response;
            foreach (var (name, value) in asset.ResponseHeaders)
            {
                response.Headers[name] = value;
            }

            if (asset.IsCurrent(request.Headers.IfNoneMatch))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            response.ContentType = asset.ContentType;
            response.ContentLength = asset.Content.Length;
            if (HttpMethods.IsGet(request.Method))
            {
                await response.Body.WriteAsync(asset.Content, context.RequestAborted);
            }
        });
    }

    /// <summary>The header name, for the security headers to leave a console response's own policy in place.</summary>
    public static string PolicyHeader => HeaderNames.ContentSecurityPolicy;
}
