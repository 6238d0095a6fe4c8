using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Storage.Blobs;

namespace Tributary.Storage.StorageAccount;

/// <summary>
/// A run client whose task hub lives in Azure Storage (serve's Durable Task Framework provider, on Azurite or an account),
/// with the storage service's "try again later" answers (<see cref="StorageOverload.IsTransient"/>, also when the provider
/// wraps them) raised as <see cref="DependencyUnavailableException"/>: the run routes answer 503 with Retry-After, not 500.
/// </summary>
public sealed class TaskHubOverload(IRunClient inner) : IRunClient
{
    /// <summary>The name operators see in the problem text.</summary>
    public const string Dependency = "Azure Storage (task hub)";

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

    private static async Task<TResult> Guard<TResult>(Func<Task<TResult>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not DependencyUnavailableException && StorageOverload.IsTransient(e, cancellationToken))
        {
            throw new DependencyUnavailableException(Dependency, StorageOverload.RetryAfter(e), e);
        }
    }
}
