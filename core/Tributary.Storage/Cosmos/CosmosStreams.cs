using System.Text.Json;
using Microsoft.Azure.Cosmos;

namespace Tributary.Storage.Cosmos;

/// <summary>
/// Stream-API plumbing shared by the stores. The stores use the stream APIs so that expected outcomes (404, 409, 412)
/// are status codes to branch on rather than exceptions, and so that our own System.Text.Json options apply exactly.
/// </summary>
internal static class CosmosStreams
{
    /// <summary>Cosmos rejects these characters in ids (they break the resource URL); 255 is its length cap.</summary>
    private static readonly char[] ForbiddenIdCharacters = ['/', '\\', '?', '#'];

    /// <summary>Throws a clear <see cref="ArgumentException"/> for an id Cosmos would reject or misroute.</summary>
    public static void ValidateId(string id, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id, parameterName);
        if (id.Length > 255 || id.IndexOfAny(ForbiddenIdCharacters) >= 0 || id != id.Trim())
        {
            throw new ArgumentException(
                $"'{id}' is not a valid Cosmos DB id: at most 255 characters, no '/', '\\', '?', '#', and no leading or trailing spaces.", parameterName);
        }
    }

    public static MemoryStream Serialize<T>(T value) => new(JsonSerializer.SerializeToUtf8Bytes(value, CosmosJson.Options), writable: false);

    public static async Task<T> DeserializeAsync<T>(ResponseMessage response, CancellationToken cancellationToken) =>
        await JsonSerializer.DeserializeAsync<T>(response.Content, CosmosJson.Options, cancellationToken)
        ?? throw new InvalidOperationException("Cosmos returned an empty document.");

    /// <summary>The documents of one query page (the <c>Documents</c> array of the response envelope).</summary>
    public static async Task<List<T>> ReadPageAsync<T>(ResponseMessage response, CancellationToken cancellationToken)
    {
        response.EnsureSuccessStatusCode();
        using var page = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken);
        var items = new List<T>();
        if (page.RootElement.TryGetProperty("Documents", out var documents))
        {
            foreach (var document in documents.EnumerateArray())
            {
                items.Add(document.Deserialize<T>(CosmosJson.Options) ?? throw new InvalidOperationException("Cosmos returned a null document."));
            }
        }

        return items;
    }

    /// <summary>
    /// Reads one page of a query, skipping empty intermediate pages: a cross-partition query can return an empty page
    /// with a continuation token, and callers want "a page of results or the end".
    /// </summary>
    public static async Task<(List<T> Items, string? ContinuationToken)> ReadNonEmptyPageAsync<T>(
        Container container, QueryDefinition query, string? continuationToken, QueryRequestOptions options, CancellationToken cancellationToken)
    {
        using var iterator = container.GetItemQueryStreamIterator(query, continuationToken, options);
        while (iterator.HasMoreResults)
        {
            using var response = await iterator.ReadNextAsync(cancellationToken);
            var items = await ReadPageAsync<T>(response, cancellationToken);
            continuationToken = response.ContinuationToken;
            if (items.Count > 0 || continuationToken is null)
            {
                return (items, continuationToken);
            }
        }

        return ([], null);
    }

    /// <summary>Every document a query returns, following continuation tokens to the end.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(Container container, QueryDefinition query, QueryRequestOptions options, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        using var iterator = container.GetItemQueryStreamIterator(query, continuationToken: null, options);
        while (iterator.HasMoreResults)
        {
            using var response = await iterator.ReadNextAsync(cancellationToken);
            all.AddRange(await ReadPageAsync<T>(response, cancellationToken));
        }

        return all;
    }
}
