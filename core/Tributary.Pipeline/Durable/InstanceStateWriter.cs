namespace Tributary.Pipeline.Durable;

/// <summary>
/// Serializes every write to one instance's state and applies it with ETag concurrency, re-reading on a conflict (a terminate
/// from another caller). A change function returns null when the write is no longer wanted, e.g. the instance became terminal.
/// </summary>
internal sealed class InstanceStateWriter(IInstanceStore store, InstanceState initial)
{
    private const int MaxConflicts = 20;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private InstanceState _current = initial;

    public InstanceState Current => Volatile.Read(ref _current);

    public async Task<InstanceState> UpdateAsync(Func<InstanceState, InstanceState?> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var conflicts = 0; ; conflicts++)
            {
                var changed = change(_current);
                if (changed is null)
                {
                    return _current;
                }

                try
                {
                    _current = await store.ReplaceAsync(changed, cancellationToken).ConfigureAwait(false);
                    return _current;
                }
                catch (ConcurrencyConflictException) when (conflicts < MaxConflicts)
                {
                    _current = await store.GetAsync(_current.Id, cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"instance {_current.Id} was purged while it was running");
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
