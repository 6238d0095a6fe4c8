using System.Globalization;
using Grpc.Core;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;

namespace Tributary.Functions.Runs;

/// <summary>
/// The Functions app's run client, whose Durable client talks gRPC to its host: an overloaded, unreachable or slow host
/// (<see cref="StatusCode.Unavailable"/>, <see cref="StatusCode.DeadlineExceeded"/>, <see cref="StatusCode.ResourceExhausted"/>)
/// is raised as <see cref="DependencyUnavailableException"/>, which the route table answers with 503, a problem and
/// Retry-After (as serve's task hub does through TaskHubOverload), not 500.
/// </summary>
public sealed class DurableClientOverload(IRunClient inner) : IRunClient
{
    /// <summary>The name operators see in the problem text.</summary>
    public const string Dependency = "The Durable Task host (gRPC)";

    // gRPC's own server push-back hint, in milliseconds, when the host sends one.
    private const string PushbackTrailer = "grpc-retry-pushback-ms";

    /// <inheritdoc />
    public Task<bool> StartIfAbsentAsync(string kind, string runId, RunRequest request, CancellationToken cancellationToken) =>
        Guard(() => inner.StartIfAbsentAsync(kind, runId, request, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<RunState?> GetAsync(string runId, bool withInputsAndOutputs, CancellationToken cancellationToken) =>
        Guard(() => inner.GetAsync(runId, withInputsAndOutputs, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<RunStatePage> QueryAsync(RunQuery query, CancellationToken cancellationToken) =>
        Guard(() => inner.QueryAsync(query, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task TerminateAsync(string runId, string reason, CancellationToken cancellationToken) =>
        Guard(async () => { await inner.TerminateAsync(runId, reason, cancellationToken).ConfigureAwait(false); return true; }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskHistoryEvent>?> GetTaskHistoryAsync(string instanceId, CancellationToken cancellationToken) =>
        Guard(() => inner.GetTaskHistoryAsync(instanceId, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<bool> PurgeInstanceAsync(string runId, CancellationToken cancellationToken) =>
        Guard(() => inner.PurgeInstanceAsync(runId, cancellationToken), cancellationToken);

    /// <summary>True for the gRPC answers that mean "try again later" (not when the caller itself gave up).</summary>
    public static bool IsTransient(RpcException error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        return !cancellationToken.IsCancellationRequested
            && error.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted;
    }

    private static async Task<TResult> Guard<TResult>(Func<Task<TResult>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException e) when (IsTransient(e, cancellationToken))
        {
            throw new DependencyUnavailableException(Dependency, RetryAfter(e), e);
        }
    }

    private static TimeSpan? RetryAfter(RpcException error) =>
        error.Trailers?.GetValue(PushbackTrailer) is { } value && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : null;
}
