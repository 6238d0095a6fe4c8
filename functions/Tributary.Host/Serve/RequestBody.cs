using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Runs;

namespace Tributary.Host.Serve;

/// <summary>Reads a request body with core's reader, so `serve` caps bodies where the Functions app does and answers 413 alike.</summary>
internal static class RequestBody
{
    /// <summary>The body, or the 413 to answer: past core's <see cref="InputLimits.MaxBodyBytes"/>, or past Kestrel's own cap (HostSettings.MaxRequestBodyBytes).</summary>
    public static async Task<(byte[]? Body, IResult? Refusal)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await StartRunRequest.ReadBodyAsync(request.Body, cancellationToken).ConfigureAwait(false) is { } body
                ? (body, null)
                : (null, Results.Problem(
                    statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: "Request body too large",
                    detail: $"the body may be at most {InputLimits.MaxBodyBytes:N0} bytes"));
        }
        catch (BadHttpRequestException e)
        {
            return (null, Results.Problem(statusCode: e.StatusCode, title: e.Message));
        }
    }
}
