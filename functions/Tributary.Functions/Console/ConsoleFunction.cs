using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Tributary.WebConsole;

namespace Tributary.Functions.Console;

/// <summary>
/// `GET /api/console/{*path}`: the operator's console, the same embedded files `tributary serve` serves at `/`, under the
/// Functions host's `api/` route prefix. Anonymous like serve's: the page holds nothing secret, App Service Authentication
/// (Easy Auth) signs the user in in front of it, and every API call the page makes carries that session and is judged by the gate.
/// </summary>
public sealed class ConsoleFunction(IConfiguration configuration)
{
    /// <summary>The console's base path in this host (the route below, with the host's `api/` prefix).</summary>
    public const string BasePath = "/api/console/";

    /// <summary>Easy Auth's browser sign-in, back to the console afterwards.</summary>
    public const string EasyAuthSignIn = "/.auth/login/aad?post_login_redirect_uri=" + BasePath;

    private readonly string? _traceUrl = string.IsNullOrWhiteSpace(configuration["Tributary:Console:TraceUrl"]) ? null : configuration["Tributary:Console:TraceUrl"];

    // App Service sets WEBSITE_AUTH_ENABLED where Easy Auth runs (the gate reads the same setting); locally there is none.
    private readonly string? _signIn = string.Equals(configuration["WEBSITE_AUTH_ENABLED"], "true", StringComparison.OrdinalIgnoreCase) ? EasyAuthSignIn : null;

    [Function("Console")]
    public IResult Serve([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "console/{*path}")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path.Value is { } full && full.StartsWith(BasePath, StringComparison.Ordinal) ? full[BasePath.Length..] : "";
        if (ConsoleAssets.Embedded.Find(path, BasePath, _traceUrl, _signIn) is not { } asset)
        {
            return Results.NotFound();
        }

        var headers = request.HttpContext.Response.Headers;
        foreach (var (name, value) in asset.ResponseHeaders)
        {
            headers[name] = value;
        }

        // serve adds this to every answer (its security headers); here the console's own answers carry it.
        headers.XContentTypeOptions = "nosniff";
        if (asset.IsCurrent(request.Headers.IfNoneMatch))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return HttpMethods.IsHead(request.Method)
            ? Results.Ok()
            : Results.Bytes(asset.Content, asset.ContentType);
    }
}
