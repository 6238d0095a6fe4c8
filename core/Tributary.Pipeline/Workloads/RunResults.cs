using System.Text.Json;
using Tributary.Pipeline.Ports;

namespace Tributary.Pipeline.Workloads;

/// <summary>Deletes what one run wrote (purge): blobs under `{runId}/` of the run's containers, and its result documents.</summary>
public static class RunResults
{
    /// <summary>Deletes every blob under `{runId}/` in each container; returns how many.</summary>
    public static async Task<int> DeleteFoldersAsync(IBlobStore blobs, string runId, CancellationToken cancellationToken, params string[] containers)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var deleted = 0;
        foreach (var container in containers)
        {
            var doomed = new List<BlobRef>();
            await foreach (var item in blobs.ListAsync(container, runId + "/", cancellationToken).ConfigureAwait(false))
            {
                doomed.Add(item.Blob);
            }

            await Parallel.ForEachAsync(doomed, Concurrently(cancellationToken), async (blob, cancel) =>
            {
                if (await blobs.DeleteAsync(blob, cancel).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref deleted);
                }
            }).ConfigureAwait(false);
        }

        return deleted;
    }

    /// <summary>Deletes the documents of one partition whose top-level properties equal the given values; returns how many.</summary>
    public static async Task<int> DeleteDocumentsAsync(
        IDocumentStore documents, string container, string partitionKey, IReadOnlyDictionary<string, string> equals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var ids = (await documents.QueryEveryAsync<JsonElement>(container, partitionKey, equals, cancellationToken).ConfigureAwait(false))
            .Select(d => d.GetProperty("id").GetString()!).ToList();

        var deleted = 0;
        await Parallel.ForEachAsync(ids, Concurrently(cancellationToken), async (id, cancel) =>
        {
            if (await documents.DeleteAsync(container, partitionKey, id, cancel).ConfigureAwait(false))
            {
                Interlocked.Increment(ref deleted);
            }
        }).ConfigureAwait(false);

        return deleted;
    }

    // One delete at a time waited for each store's durable acknowledgement in turn (removing an HPI run's staging, a
    // few hundred blobs, took seconds on the run's critical path); in flight together they share the stores' flushes.
    private static ParallelOptions Concurrently(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken };
}
