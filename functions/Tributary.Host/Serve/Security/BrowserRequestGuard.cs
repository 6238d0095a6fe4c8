using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tributary.Host.Serve.Security;

/// <summary>
/// Closes the cross-site request forgery holes CORS leaves open: a browser sends "simple" requests (text/plain, form posts,
/// untyped blobs) cross-origin without asking, so state-changing routes take only JSON and refuse foreign origins.
/// </summary>
internal static class BrowserRequestGuard
{
    public static void Use(IApplicationBuilder app, SecuritySettings settings)
    {
        var allowedOrigins = new HashSet<string>(settings.AllowedOrigins, StringComparer.OrdinalIgnoreCase);
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!IsStateChanging(request.Method))
            {
                await next(context);
                return;
            }

            // Without an Origin the caller is not a browser page (CLI, curl, scripts): nothing to forge.
            if (request.Headers.Origin is { Count: > 0 } origin && !IsOwnOrigin(request, origin.ToString()) && !allowedOrigins.Contains(NormalizeOrigin(origin.ToString())))
            {
                await Results.Problem(
                        statusCode: StatusCodes.Status403Forbidden,
                        title: "Forbidden origin",
                        detail: $"Origin '{origin}' may not change state here; add it to Tributary:Security:AllowedOrigins to allow it.")
                    .ExecuteAsync(context);
                return;
            }

            // A file upload route takes raw bytes: application/octet-stream is not a type browsers send cross-origin without a preflight.
            if (!IsJson(request.ContentType) && !IsRawUpload(context) && await HasBodyAsync(request))
            {
                await Results.ValidationProblem(
                        new Dictionary<string, string[]> { ["Content-Type"] = [$"must be application/json, not '{request.ContentType ?? "(none)"}'"] },
                        statusCode: StatusCodes.Status415UnsupportedMediaType,
                        title: "Invalid request: Content-Type: must be application/json")
                    .ExecuteAsync(context);
                return;
            }

            await next(context);
        });
    }

    /// <summary>`scheme://host[:port]` in lower case without a trailing slash, the form browsers send.</summary>
    public static string NormalizeOrigin(string origin) =>
        Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : origin.Trim().TrimEnd('/').ToLowerInvariant();

    private static bool IsStateChanging(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static bool IsOwnOrigin(HttpRequest request, string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.IdnHost, request.Host.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
        && uri.Port == (request.Host.Port ?? (request.IsHttps ? 443 : 80));

    private static bool IsRawUpload(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<Tributary.Http.ApiRoute>() is { RawBody: true }
        && context.Request.ContentType?.Split(';', 2)[0].Trim().Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && contentType.Split(';', 2)[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);

    // Terminate, rerun and start-with-defaults carry no body and no Content-Type; a chunked body may still turn out empty,
    // so it is peeked at without consuming it.
    private static async Task<bool> HasBodyAsync(HttpRequest request)
    {
        if (request.ContentLength is { } length)
        {
            return length > 0;
        }

        if (!request.Headers.TransferEncoding.Any(t => t?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true))
        {
            return false;
        }

        var read = await request.BodyReader.ReadAsync(request.HttpContext.RequestAborted);
        var empty = read.Buffer.IsEmpty && read.IsCompleted;
        request.BodyReader.AdvanceTo(read.Buffer.Start);
        return !empty;
    }
}
