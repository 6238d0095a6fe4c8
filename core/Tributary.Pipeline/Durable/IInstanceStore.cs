namespace Tributary.Pipeline.Durable;

/// <summary>Durable state of the embedded engine: instances and their completed activity calls (Cosmos in production).</summary>
public interface IInstanceStore
{
    /// <summary>Reads one instance, or null when it does not exist.</summary>
    Task<InstanceState?> GetAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Creates the instance unless one with that id exists; returns the stored instance and whether it was created.</summary>
    Task<(InstanceState State, bool Created)> CreateIfAbsentAsync(InstanceState state, CancellationToken cancellationToken);

    /// <summary>Replaces the instance if its ETag still matches; throws <see cref="ConcurrencyConflictException"/> otherwise.</summary>
    Task<InstanceState> ReplaceAsync(InstanceState state, CancellationToken cancellationToken);

    /// <summary>One page of instances matching the query, newest first, with a continuation token for the next page.</summary>
    Task<InstancePage> ListAsync(InstanceQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes the instance and its history; false when it did not exist.</summary>
    Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>All recorded activity calls of an instance, in sequence order, one per sequence.</summary>
    Task<IReadOnlyList<ActivityRecord>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// Records completed calls of one instance in one atomic write: after a crash either all of them are in the history or
    /// none is. When a sequence is recorded twice, the record completed last is the one the history returns.
    /// </summary>
    Task RecordAsync(IReadOnlyList<ActivityRecord> records, CancellationToken cancellationToken);
}

/// <summary>Filter and paging of an instance listing. Null filters match everything; the created range is half-open [from, to).</summary>
/// <param name="IdPrefix">Only ids that start with this (ordinal), e.g. every child of one instance.</param>
public sealed record InstanceQuery(
    IReadOnlyCollection<RuntimeStatus>? Statuses = null,
    string? Kind = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    int PageSize = 100,
    string? ContinuationToken = null,
    string? IdPrefix = null);

/// <summary>One page of an instance listing.</summary>
public sealed record InstancePage(IReadOnlyList<InstanceState> Instances, string? ContinuationToken);

/// <summary>Raised when a conditional write lost to a concurrent writer.</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);
