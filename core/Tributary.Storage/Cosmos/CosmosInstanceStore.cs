using System.Net;
using System.Text;
using Microsoft.Azure.Cosmos;
using Tributary.Pipeline.Durable;

namespace Tributary.Storage.Cosmos;

/// <summary>
/// The embedded engine's durable state in Cosmos: one document per instance in <c>instances</c> (partition /id, so
/// status reads are point reads) and one per completed activity call in <c>history</c> (partition /instanceId, so a
/// replay reads exactly one partition). Uses no transactional batch and no bulk, which the local server lacks.
/// </summary>
public sealed class CosmosInstanceStore : IInstanceStore
{
    private const int MaxPageSize = 1000;
    private readonly Container _instances;
    private readonly Container _history;

    /// <summary>Uses the <c>instances</c> and <c>history</c> containers of <paramref name="database"/> (see <see cref="CosmosSchema"/>).</summary>
    public CosmosInstanceStore(Database database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _instances = database.GetContainer(CosmosSchema.Instances);
        _history = database.GetContainer(CosmosSchema.History);
    }

    /// <inheritdoc />
    public async Task<InstanceState?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        CosmosStreams.ValidateId(instanceId, nameof(instanceId));
        using var response = await _instances.ReadItemStreamAsync(instanceId, new PartitionKey(instanceId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return (await CosmosStreams.DeserializeAsync<InstanceDocument>(response, cancellationToken)).ToState();
    }

    /// <inheritdoc />
    public async Task<(InstanceState State, bool Created)> CreateIfAbsentAsync(InstanceState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        CosmosStreams.ValidateId(state.Id, nameof(state));
        var key = new PartitionKey(state.Id);
        while (true)
        {
            // Create is the atomic "claim": of concurrent starts with one id exactly one gets 201, the others 409.
            using (var body = CosmosStreams.Serialize(InstanceDocument.From(state)))
            using (var created = await _instances.CreateItemStreamAsync(body, key, cancellationToken: cancellationToken))
            {
                if (created.StatusCode != HttpStatusCode.Conflict)
                {
                    created.EnsureSuccessStatusCode();
                    return ((await CosmosStreams.DeserializeAsync<InstanceDocument>(created, cancellationToken)).ToState(), true);
                }
            }

            // Lost the race or a duplicate event: return what is there. A purge between the 409 and this read makes
            // the id free again, so try to create once more.
            if (await GetAsync(state.Id, cancellationToken) is { } existing)
            {
                return (existing, false);
            }
        }
    }

    /// <inheritdoc />
    public async Task<InstanceState> ReplaceAsync(InstanceState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        CosmosStreams.ValidateId(state.Id, nameof(state));
        if (state.ETag is null)
        {
            throw new ArgumentException($"Instance '{state.Id}' has no ETag: replace a state read from the store.", nameof(state));
        }

        using var body = CosmosStreams.Serialize(InstanceDocument.From(state));
        using var response = await _instances.ReplaceItemStreamAsync(
            body, state.Id, new PartitionKey(state.Id), new ItemRequestOptions { IfMatchEtag = state.ETag }, cancellationToken);
        switch (response.StatusCode)
        {
            case HttpStatusCode.PreconditionFailed:
                throw new ConcurrencyConflictException($"Instance '{state.Id}' was changed by another writer (ETag {state.ETag} is stale).");
            case HttpStatusCode.NotFound:
                throw new ConcurrencyConflictException($"Instance '{state.Id}' no longer exists (purged by another writer).");
        }

        response.EnsureSuccessStatusCode();
        return (await CosmosStreams.DeserializeAsync<InstanceDocument>(response, cancellationToken)).ToState();
    }

    /// <summary>
    /// One page of instances, newest first. Statuses match any of the given ones; the created range is half-open:
    /// <see cref="InstanceQuery.CreatedFrom"/> inclusive, <see cref="InstanceQuery.CreatedTo"/> exclusive.
    /// </summary>
    public async Task<InstancePage> ListAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, $"PageSize must be between 1 and {MaxPageSize}.");
        }

        var (items, continuation) = await CosmosStreams.ReadNonEmptyPageAsync<InstanceDocument>(
            _instances, BuildListQuery(query), query.ContinuationToken, new QueryRequestOptions { MaxItemCount = query.PageSize }, cancellationToken);
        return new InstancePage(items.Select(d => d.ToState()).ToList(), continuation);
    }

    /// <inheritdoc />
    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        CosmosStreams.ValidateId(instanceId, nameof(instanceId));

        // History first: an instance document without history only re-runs work, but history that outlives its
        // instance would be replayed by a new instance that reuses the id.
        var key = new PartitionKey(instanceId);
        var ids = await CosmosStreams.ReadAllAsync<IdOnly>(
            _history, new QueryDefinition("SELECT c.id FROM c"), new QueryRequestOptions { PartitionKey = key }, cancellationToken);
        foreach (var record in ids)
        {
            using var deleted = await _history.DeleteItemStreamAsync(record.Id, key, cancellationToken: cancellationToken);
            if (deleted.StatusCode != HttpStatusCode.NotFound)
            {
                deleted.EnsureSuccessStatusCode();
            }
        }

        using var response = await _instances.DeleteItemStreamAsync(instanceId, key, cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        return true;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActivityRecord>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        CosmosStreams.ValidateId(instanceId, nameof(instanceId));
        var documents = await CosmosStreams.ReadAllAsync<HistoryDocument>(
            _history, new QueryDefinition("SELECT * FROM c"), new QueryRequestOptions { PartitionKey = new PartitionKey(instanceId) }, cancellationToken);

        // Merged and sorted here rather than with ORDER BY: one partition is read whole anyway, and this needs no index policy.
        return HistoryBatch.Merge(documents.SelectMany(d => d.ToRecords()));
    }

    /// <inheritdoc />
    public async Task RecordAsync(IReadOnlyList<ActivityRecord> records, CancellationToken cancellationToken)
    {
        var document = HistoryDocument.From(records);
        CosmosStreams.ValidateId(document.InstanceId, nameof(records));
        CosmosStreams.ValidateId(document.Id, nameof(records));

        // One document per write: a single-document upsert is atomic, which the local server and real Cosmos both
        // guarantee, where a transactional batch would only work on real Cosmos.
        using var body = CosmosStreams.Serialize(document);
        using var response = await _history.UpsertItemStreamAsync(
            body, new PartitionKey(document.InstanceId), new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static QueryDefinition BuildListQuery(InstanceQuery query)
    {
        var sql = new StringBuilder("SELECT * FROM c");
        var conditions = new List<string>();
        var parameters = new List<(string Name, object Value)>();
        if (query.Statuses is { Count: > 0 } statuses)
        {
            var names = statuses.Distinct().Select((status, i) =>
            {
                parameters.Add(($"@status{i}", status.ToString()));
                return $"@status{i}";
            }).ToList();
            conditions.Add($"c.status IN ({string.Join(", ", names)})");
        }

        if (query.Kind is { } kind)
        {
            conditions.Add("c.kind = @kind");
            parameters.Add(("@kind", kind));
        }

        if (query.IdPrefix is { } prefix)
        {
            conditions.Add("STARTSWITH(c.id, @idPrefix)");
            parameters.Add(("@idPrefix", prefix));
        }

        if (query.CreatedFrom is { } from)
        {
            conditions.Add("c.createdAt >= @createdFrom");
            parameters.Add(("@createdFrom", SortableTime.ToText(from)));
        }

        if (query.CreatedTo is { } to)
        {
            conditions.Add("c.createdAt < @createdTo");
            parameters.Add(("@createdTo", SortableTime.ToText(to)));
        }

        if (conditions.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        }

        sql.Append(" ORDER BY c.createdAt DESC");
        var definition = new QueryDefinition(sql.ToString());
        foreach (var (name, value) in parameters)
        {
            definition = definition.WithParameter(name, value);
        }

        return definition;
    }

    private sealed record IdOnly(string Id);
}
