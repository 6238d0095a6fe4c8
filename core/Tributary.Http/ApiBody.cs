using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Runs;

namespace Tributary.Http;

/// <summary>
/// Reads a JSON request body under core's cap (<see cref="InputLimits.MaxBodyBytes"/>): the Functions host has no Kestrel
/// limit of ours in front of it, and serve's Kestrel cap may be set lower, so both answer 413 here alike.
/// </summary>
public static class ApiBody
{
    /// <summary>The body, or the 413 to answer instead.</summary>
    public static async Task<(byte[]? Body, IResult? Refusal)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await StartRunRequest.ReadBodyAsync(request.Body, cancellationToken).ConfigureAwait(false) is { } body
                ? (body, null)
                : (null, ApiAnswers.TooLarge(InputLimits.MaxBodyBytes));
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own cap (serve's MaxRequestBodyBytes) was hit first.
            return (null, Results.Problem(statusCode: e.StatusCode, title: e.Message));
        }
    }
}
