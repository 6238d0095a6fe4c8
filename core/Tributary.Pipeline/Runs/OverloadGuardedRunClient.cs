using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Runs;

/// <summary>
/// A run client whose backend's "try again later" answers are raised as <see cref="DependencyUnavailableException"/>, which
/// the route table answers with 503, a problem and Retry-After, not 500. Each host's backend says which of its errors
/// mean that (serve's task hub in Azure Storage, the Functions app's gRPC Durable client); the delegation is this one.
/// </summary>
public abstract class OverloadGuardedRunClient(IRunClient inner) : IRunClient
{
    /// <summary>The name operators see in the problem text.</summary>
    protected abstract string Dependency { get; }

    /// <summary>True when <paramref name="error"/> means "try again later" (never when the caller gave up), with the backend's wait when it named one.</summary>
    protected abstract bool IsOverload(Exception error, CancellationToken cancellationToken, out TimeSpan? retryAfter);

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

    private async Task<TResult> Guard<TResult>(Func<Task<TResult>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not DependencyUnavailableException && IsOverload(e, cancellationToken, out var retryAfter))
        {
            throw new DependencyUnavailableException(Dependency, retryAfter, e);
        }
    }
}
