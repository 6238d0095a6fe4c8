using System.Globalization;
using Grpc.Core;
using Tributary.Pipeline.Runs;

namespace Tributary.Functions.Runs;

/// <summary>
/// The Functions app's run client, whose Durable client talks gRPC to its host: an overloaded, unreachable or slow host
/// (<see cref="StatusCode.Unavailable"/>, <see cref="StatusCode.DeadlineExceeded"/>, <see cref="StatusCode.ResourceExhausted"/>)
/// is raised as <see cref="Pipeline.Ports.DependencyUnavailableException"/> (<see cref="OverloadGuardedRunClient"/>), which the route table answers with 503, a problem and
/// Retry-After (as serve's task hub does through TaskHubOverload), not 500.
/// </summary>
public sealed class DurableClientOverload(IRunClient inner) : OverloadGuardedRunClient(inner)
{
    /// <summary>The name operators see in the problem text.</summary>
    public const string DependencyName = "The Durable Task host (gRPC)";

    // gRPC's own server push-back hint, in milliseconds, when the host sends one.
    private const string PushbackTrailer = "grpc-retry-pushback-ms";

    /// <inheritdoc />
    protected override string Dependency => DependencyName;

    /// <summary>True for the gRPC answers that mean "try again later" (not when the caller itself gave up).</summary>
    public static bool IsTransient(RpcException error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        return !cancellationToken.IsCancellationRequested
            && error.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted;
    }

    /// <inheritdoc />
    protected override bool IsOverload(Exception error, CancellationToken cancellationToken, out TimeSpan? retryAfter)
    {
        var transient = error is RpcException rpc && IsTransient(rpc, cancellationToken);
        retryAfter = transient ? RetryAfter((RpcException)error) : null;
        return transient;
    }

    private static TimeSpan? RetryAfter(RpcException error) =>
        error.Trailers?.GetValue(PushbackTrailer) is { } value && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : null;
}
