using Tributary.Abstractions.Input;

namespace Tributary.Hpi.Input;

/// <summary>Parses chunks of a transactions file on several workers and hands them on in file order, so rejects, error
/// messages, row numbers and everything built from the rows are the same as a one-thread read.</summary>
internal static class ChunkPipeline
{
    /// <summary>Runs <paramref name="parse"/> and <paramref name="prepare"/> on the thread pool (up to
    /// <paramref name="parallelism"/> chunks at once), then <paramref name="commit"/> on the calling thread in order.
    /// Returns the number of accepted rows.</summary>
    public static long Run<T>(IEnumerable<Func<TransactionChunk>> parse, int parallelism, RowErrorPolicy policy, string file,
        Func<TransactionChunk, T> prepare, Action<TransactionChunk, T> commit, Action<long>? progress = null)
    {
        var inFlight = new Queue<Task<(TransactionChunk Chunk, T Prepared)>>();
        long rows = 0, bytes = 0, seen = 0;
        try
        {
            foreach (var work in parse)
            {
                Drain(parallelism - 1);
                inFlight.Enqueue(Task.Run(() =>
                {
                    var chunk = work();
                    return (chunk, prepare(chunk));
                }));
            }

            Drain(0);
        }
        finally
        {
            // After an error, let the chunks still being parsed finish before their buffers go back to the pool.
            foreach (var task in inFlight)
            {
                ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
            }
        }

        policy.ThrowIfAny();
        if (seen == 0)
        {
            throw new InvalidInputException(new InputError(file, 0, null, "no data rows: the file has only its header"));
        }

        return rows;

        void Drain(int keep)
        {
            while (inFlight.Count > keep)
            {
                var (chunk, prepared) = inFlight.Dequeue().GetAwaiter().GetResult();
                foreach (var (reason, error) in chunk.Rejects)
                {
                    policy.Reject(reason, error);
                }

                rows += chunk.Count;
                seen += chunk.Count + chunk.Rejects.Count;
                if (rows > TransactionReader.MaxRows)
                {
                    throw new InvalidInputException(new InputError(file, chunk.Line[^1], TransactionReader.Columns[0],
                        $"more than {TransactionReader.MaxRows} rows"));
                }

                commit(chunk, prepared);
                bytes += chunk.InputBytes;
                chunk.Return();
                progress?.Invoke(bytes);
            }
        }
    }
}
