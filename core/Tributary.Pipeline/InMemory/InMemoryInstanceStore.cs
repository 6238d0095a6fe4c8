using Tributary.Pipeline.Durable;

namespace Tributary.Pipeline.InMemory;

/// <summary>Instance store in process memory: for unit tests and the storage-less mode (nothing survives the process).</summary>
public sealed class InMemoryInstanceStore : IInstanceStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, InstanceState> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<int, ActivityRecord>> _history = new(StringComparer.Ordinal);
    private long _etag;

    /// <summary>Number of history writes so far (each <see cref="RecordAsync"/> call is one, whatever it carries).</summary>
    public int HistoryWrites { get; private set; }

    public Task<InstanceState?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_instances.GetValueOrDefault(instanceId));
        }
    }

    public Task<(InstanceState State, bool Created)> CreateIfAbsentAsync(InstanceState state, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_instances.TryGetValue(state.Id, out var existing))
            {
                return Task.FromResult((existing, false));
            }

            var stored = state with { ETag = NextETag() };
            _instances[state.Id] = stored;
            return Task.FromResult((stored, true));
        }
    }

    public Task<InstanceState> ReplaceAsync(InstanceState state, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_instances.TryGetValue(state.Id, out var existing) || existing.ETag != state.ETag)
            {
                throw new ConcurrencyConflictException($"instance {state.Id} changed since it was read");
            }

            var stored = state with { ETag = NextETag() };
            _instances[state.Id] = stored;
            return Task.FromResult(stored);
        }
    }

    public Task<InstancePage> ListAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var offset = query.ContinuationToken is null ? 0 : int.Parse(query.ContinuationToken, System.Globalization.CultureInfo.InvariantCulture);
            var matching = _instances.Values
                .Where(s => query.Statuses is null || query.Statuses.Contains(s.Status))
                .Where(s => query.Kind is null || s.Kind == query.Kind)
                .Where(s => query.IdPrefix is null || s.Id.StartsWith(query.IdPrefix, StringComparison.Ordinal))
                .Where(s => query.CreatedFrom is null || s.CreatedAt >= query.CreatedFrom)
                .Where(s => query.CreatedTo is null || s.CreatedAt < query.CreatedTo)
                .OrderByDescending(s => s.CreatedAt)
                .ThenBy(s => s.Id, StringComparer.Ordinal)
                .Skip(offset)
                .Take(query.PageSize + 1)
                .ToList();
            var more = matching.Count > query.PageSize;
            var page = more ? matching[..query.PageSize] : matching;
            return Task.FromResult(new InstancePage(page, more ? (offset + query.PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
        }
    }

    public Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _history.Remove(instanceId);
            return Task.FromResult(_instances.Remove(instanceId));
        }
    }

    public Task<IReadOnlyList<ActivityRecord>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<ActivityRecord> records = _history.TryGetValue(instanceId, out var history) ? history.Values.ToList() : [];
            return Task.FromResult(records);
        }
    }

    public Task RecordAsync(IReadOnlyList<ActivityRecord> records, CancellationToken cancellationToken)
    {
        var instanceId = HistoryBatch.InstanceOf(records);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            HistoryWrites++;
            if (!_history.TryGetValue(instanceId, out var history))
            {
                _history[instanceId] = history = [];
            }

            foreach (var record in records)
            {
                if (!history.TryGetValue(record.Sequence, out var kept) || HistoryBatch.Supersedes(record, kept))
                {
                    history[record.Sequence] = record;
                }
            }

            return Task.CompletedTask;
        }
    }

    private string NextETag() => $"\"{++_etag}\"";
}
