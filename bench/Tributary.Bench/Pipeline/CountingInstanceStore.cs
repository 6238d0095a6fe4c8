using Tributary.Pipeline.Durable;

namespace Tributary.Bench.Pipeline;

/// <summary>Passes every call to an instance store and counts history writes, to report how many calls each write carried.</summary>
internal sealed class CountingInstanceStore(IInstanceStore inner) : IInstanceStore
{
    private int _writes;

    public int HistoryWrites => Volatile.Read(ref _writes);

    public Task<InstanceState?> GetAsync(string instanceId, CancellationToken cancellationToken) => inner.GetAsync(instanceId, cancellationToken);

    public Task<(InstanceState State, bool Created)> CreateIfAbsentAsync(InstanceState state, CancellationToken cancellationToken) =>
        inner.CreateIfAbsentAsync(state, cancellationToken);

    public Task<InstanceState> ReplaceAsync(InstanceState state, CancellationToken cancellationToken) => inner.ReplaceAsync(state, cancellationToken);

    public Task<InstancePage> ListAsync(InstanceQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

    public Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken) => inner.PurgeAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<ActivityRecord>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken) =>
        inner.GetHistoryAsync(instanceId, cancellationToken);

    public Task RecordAsync(IReadOnlyList<ActivityRecord> records, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        return inner.RecordAsync(records, cancellationToken);
    }
}
