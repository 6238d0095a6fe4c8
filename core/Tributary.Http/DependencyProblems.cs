using System.Globalization;
using Microsoft.AspNetCore.Http;
using Tributary.Pipeline.Ports;

namespace Tributary.Http;

/// <summary>
/// Every route of the table answers an overloaded or slow dependency (<see cref="DependencyUnavailableException"/>) with
/// 503, a problem body naming the dependency, and Retry-After: the caller may try again, and a 500 would say the server is
/// broken. Wrapped around the handlers once, so both hosts answer alike.
/// </summary>
public static class DependencyProblems
{
    /// <summary>Retry-After when the dependency named no wait of its own.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>The route with its handler guarded.</summary>
    public static ApiRoute Guarded(ApiRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var handler = route.Handler;
        return route with
        {
            Handler = call => GuardAsync(handler, call),
            Problems = route.Problems.Contains(StatusCodes.Status503ServiceUnavailable) ? route.Problems : [.. route.Problems, StatusCodes.Status503ServiceUnavailable],
        };
    }

    /// <summary>The 503 for <paramref name="unavailable"/>, with its Retry-After header set on <paramref name="response"/>.</summary>
    public static IResult Answer(HttpResponse response, DependencyUnavailableException unavailable)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(unavailable);
        var wait = unavailable.RetryAfter is { } asked && asked > TimeSpan.Zero ? asked : DefaultRetryAfter;
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Service Unavailable",
            detail: $"{unavailable.Dependency} is overloaded or did not answer in time; try again in {seconds} s (a smaller pageSize or narrower filters ask less of it)");
    }

    private static async Task<IResult> GuardAsync(Func<ApiCall, Task<IResult>> handler, ApiCall call)
    {
        try
        {
            return await handler(call).ConfigureAwait(false);
        }
        catch (DependencyUnavailableException unavailable) when (!call.Cancellation.IsCancellationRequested)
        {
            return Answer(call.Http.Response, unavailable);
        }
    }
}
