using System.Text.Json;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;

namespace Tributary.Pipeline.InMemory;

/// <summary>Document store in process memory. Documents are kept as JSON, so queries see the same property names as Cosmos.</summary>
public sealed class InMemoryDocumentStore : IDocumentStore
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, (string Json, string ETag)> _documents = new(StringComparer.Ordinal);
    private long _etag;

    public Task<string> UpsertAsync<T>(string container, string partitionKey, string id, T document, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var etag = $"\"{++_etag}\"";
            _documents[Key(container, partitionKey, id)] = (JsonSerializer.Serialize(document, DurableJson.Options), etag);
            return Task.FromResult(etag);
        }
    }

    public Task<StoredDocument<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_documents.TryGetValue(Key(container, partitionKey, id), out var stored)
                ? new StoredDocument<T>(JsonSerializer.Deserialize<T>(stored.Json, DurableJson.Options)!, stored.ETag)
                : null);
        }
    }

    public Task<string> ReplaceAsync<T>(string container, string partitionKey, string id, T document, string ifMatchETag, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = Key(container, partitionKey, id);
            if (!_documents.TryGetValue(key, out var stored) || stored.ETag != ifMatchETag)
            {
                throw new ConcurrencyConflictException($"document {container}/{id} changed since it was read");
            }

            var etag = $"\"{++_etag}\"";
            _documents[key] = (JsonSerializer.Serialize(document, DurableJson.Options), etag);
            return Task.FromResult(etag);
        }
    }

    public Task<DocumentPage<T>> QueryAsync<T>(
        string container, string partitionKey, IReadOnlyDictionary<string, string> equals, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var prefix = Key(container, partitionKey, string.Empty);
            var after = continuationToken is null ? null : prefix + continuationToken;
            var page = new List<T>();
            string? next = null;
            foreach (var (key, stored) in _documents.Where(d => d.Key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                if (after is not null && string.CompareOrdinal(key, after) <= 0)
                {
                    continue;
                }

                using var json = JsonDocument.Parse(stored.Json);
                if (!Matches(json.RootElement, equals))
                {
                    continue;
                }

                if (page.Count == pageSize)
                {
                    break;
                }

                page.Add(JsonSerializer.Deserialize<T>(stored.Json, DurableJson.Options)!);
                next = key[prefix.Length..];
            }

            var hasMore = page.Count == pageSize && HasMatchAfter(prefix, prefix + next, equals);
            return Task.FromResult(new DocumentPage<T>(page, hasMore ? next : null));
        }
    }

    public Task<DocumentPage<T>> QueryAsync<T>(
        string container, string partitionKey, IReadOnlyDictionary<string, string> equals, DocumentOrder? order, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        if (order is null)
        {
            return QueryAsync<T>(container, partitionKey, equals, pageSize, continuationToken, cancellationToken);
        }

        lock (_lock)
        {
            // As Cosmos orders: by the property's value (null lowest), documents without it left out, ties by key;
            // the token is the offset into that order.
            var prefix = Key(container, partitionKey, string.Empty);
            var ordered = new List<(JsonElement Value, string Key, string Json)>();
            foreach (var (key, stored) in _documents.Where(d => d.Key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                var root = JsonDocument.Parse(stored.Json).RootElement;
                if (Matches(root, equals) && root.TryGetProperty(order.Property, out var value))
                {
                    ordered.Add((value, key, stored.Json));
                }
            }

            ordered.Sort((a, b) =>
            {
                var byValue = CompareValues(a.Value, b.Value);
                return byValue != 0 ? (order.Descending ? -byValue : byValue) : string.CompareOrdinal(a.Key, b.Key);
            });
            var offset = continuationToken is null ? 0 : int.Parse(continuationToken, System.Globalization.CultureInfo.InvariantCulture);
            var page = ordered.Skip(offset).Take(pageSize).Select(d => JsonSerializer.Deserialize<T>(d.Json, DurableJson.Options)!).ToList();
            var next = offset + page.Count < ordered.Count ? (offset + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new DocumentPage<T>(page, next));
        }
    }

    // Null before numbers before strings, as Cosmos orders mixed types.
    private static int CompareValues(JsonElement a, JsonElement b)
    {
        static int Rank(JsonElement v) => v.ValueKind switch { JsonValueKind.Null => 0, JsonValueKind.Number => 2, JsonValueKind.String => 3, _ => 1 };
        var rank = Rank(a).CompareTo(Rank(b));
        if (rank != 0)
        {
            return rank;
        }

        return a.ValueKind switch
        {
            JsonValueKind.Number => a.GetDecimal().CompareTo(b.GetDecimal()),
            JsonValueKind.String => string.CompareOrdinal(a.GetString(), b.GetString()),
            _ => 0,
        };
    }

    public Task<bool> DeleteAsync(string container, string partitionKey, string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_documents.Remove(Key(container, partitionKey, id)));
        }
    }

    private bool HasMatchAfter(string prefix, string after, IReadOnlyDictionary<string, string> equals) =>
        _documents.Any(d => d.Key.StartsWith(prefix, StringComparison.Ordinal)
            && string.CompareOrdinal(d.Key, after) > 0
            && Matches(JsonDocument.Parse(d.Value.Json).RootElement, equals));

    private static bool Matches(JsonElement document, IReadOnlyDictionary<string, string> equals) =>
        equals.All(e => document.TryGetProperty(e.Key, out var value)
            && (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()) == e.Value);

    private static string Key(string container, string partitionKey, string id) => $"{container}\u0001{partitionKey}\u0001{id}";
}
