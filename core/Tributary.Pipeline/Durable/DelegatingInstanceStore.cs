namespace Tributary.Pipeline.Durable;

/// <summary>An instance store that passes every call to an inner one; derive and override the calls to observe or alter (metrics, fault injection).</summary>
public abstract class DelegatingInstanceStore(IInstanceStore inner) : IInstanceStore
{
    /// <summary>The store calls go to.</summary>
    protected IInstanceStore Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public virtual Task<InstanceState?> GetAsync(string instanceId, CancellationToken cancellationToken) => Inner.GetAsync(instanceId, cancellationToken);

    /// <inheritdoc />
    public virtual Task<(InstanceState State, bool Created)> CreateIfAbsentAsync(InstanceState state, CancellationToken cancellationToken) =>
        Inner.CreateIfAbsentAsync(state, cancellationToken);

    /// <inheritdoc />
    public virtual Task<InstanceState> ReplaceAsync(InstanceState state, CancellationToken cancellationToken) => Inner.ReplaceAsync(state, cancellationToken);

    /// <inheritdoc />
    public virtual Task<InstancePage> ListAsync(InstanceQuery query, CancellationToken cancellationToken) => Inner.ListAsync(query, cancellationToken);

    /// <inheritdoc />
    public virtual Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken) => Inner.PurgeAsync(instanceId, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<ActivityRecord>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken) =>
        Inner.GetHistoryAsync(instanceId, cancellationToken);

    /// <inheritdoc />
    public virtual Task RecordAsync(IReadOnlyList<ActivityRecord> records, CancellationToken cancellationToken) => Inner.RecordAsync(records, cancellationToken);
}
