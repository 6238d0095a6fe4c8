namespace Tributary.Pipeline.Ports;

/// <summary>Reads over <see cref="IDocumentStore"/> that several features share.</summary>
public static class DocumentStoreReads
{
    /// <summary>The page size of <see cref="QueryEveryAsync"/>: large enough for few round trips, small enough for one response.</summary>
    public const int PageSize = 500;

    /// <summary>Every document of one partition whose top-level properties equal <paramref name="equals"/>, page after page.</summary>
    public static async Task<List<T>> QueryEveryAsync<T>(
        this IDocumentStore documents, string container, string partitionKey, IReadOnlyDictionary<string, string> equals, CancellationToken cancellationToken, int pageSize = PageSize)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var all = new List<T>();
        string? token = null;
        do
        {
            var page = await documents.QueryAsync<T>(container, partitionKey, equals, pageSize, token, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        return all;
    }
}
