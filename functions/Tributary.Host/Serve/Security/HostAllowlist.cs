using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tributary.Host.Serve.Security;

/// <summary>Refuses requests whose Host header is not a loopback name or configured: a DNS-rebound page carries its own host name.</summary>
internal static class HostAllowlist
{
    private static readonly string[] Loopback = ["localhost", "127.0.0.1", "[::1]"];

    // A small middleware rather than HostFilteringMiddleware: the refusal is a problem-details body like every other
    // error of the API, and the loopback names are always in the list whatever is configured.
    public static void Use(IApplicationBuilder app, SecuritySettings settings)
    {
        var allowed = new HashSet<string>(Loopback.Concat(settings.AllowedHosts), StringComparer.OrdinalIgnoreCase);
        var any = allowed.Contains("*");
        app.Use((context, next) =>
        {
            if (any || allowed.Contains(context.Request.Host.Host))
            {
                return next(context);
            }

            return Results.ValidationProblem(
                    new Dictionary<string, string[]> { ["Host"] = [$"'{context.Request.Host.Host}' is not an allowed host; add it to Tributary:Security:AllowedHosts"] },
                    title: "Invalid request: Host: not an allowed host")
                .ExecuteAsync(context);
        });
    }
}
