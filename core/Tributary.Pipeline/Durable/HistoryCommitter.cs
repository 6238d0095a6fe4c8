namespace Tributary.Pipeline.Durable;

/// <summary>
/// Group commit of one instance's completed calls: while a history write is in flight, calls that complete queue up and
/// go together in the next write. A caller's task completes only once its record is stored, so an orchestrator never sees
/// a result that a crash could lose, and a recorded call never runs again. Nothing waits for a batch to fill: an idle
/// committer writes a lone record at once, so batching costs no latency.
/// </summary>
internal sealed class HistoryCommitter(IInstanceStore store, CancellationToken instanceToken)
{
    private readonly Lock _gate = new();
    private readonly List<Pending> _queue = [];
    private Task _writer = Task.CompletedTask;
    private bool _writing;

    /// <summary>Completes once <paramref name="record"/> is stored (possibly with others); throws what the store threw.</summary>
    public Task CommitAsync(ActivityRecord record)
    {
        var pending = new Pending(record, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            _queue.Add(pending);
            if (!_writing)
            {
                _writing = true;
                _writer = Task.Run(WriteQueuedAsync, CancellationToken.None);
            }
        }

        return pending.Stored.Task;
    }

    /// <summary>Waits until no write is in flight, so no record of this instance lands after its task has ended. Never throws.</summary>
    public async Task DrainAsync()
    {
        Task writer;
        lock (_gate)
        {
            writer = _writer;
        }

        await writer.ConfigureAwait(false);
    }

    private async Task WriteQueuedAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    return;
                }

                batch = TakeBatch();
            }

            try
            {
                await store.RecordAsync(batch.ConvertAll(p => p.Record), instanceToken).ConfigureAwait(false);
                batch.ForEach(p => p.Stored.TrySetResult());
            }
            catch (OperationCanceledException e)
            {
                batch.ForEach(p => p.Stored.TrySetCanceled(e.CancellationToken));
            }
            catch (Exception e)
            {
                batch.ForEach(p => p.Stored.TrySetException(e));
            }
        }
    }

    private List<Pending> TakeBatch()
    {
        var count = 0;
        var chars = 0L;
        while (count < _queue.Count && count < HistoryBatch.MaxRecordsPerWrite)
        {
            var size = Size(_queue[count].Record);
            if (count > 0 && chars + size > HistoryBatch.MaxCharsPerWrite)
            {
                break;
            }

            chars += size;
            count++;
        }

        var batch = _queue.GetRange(0, count);
        _queue.RemoveRange(0, count);
        return batch;
    }

    private static long Size(ActivityRecord record) =>
        record.Name.Length + (record.Result?.Length ?? 0)
        + (record.Failure is { } f ? f.ErrorType.Length + f.Message.Length + (f.StackTrace?.Length ?? 0) : 0);

    private sealed record Pending(ActivityRecord Record, TaskCompletionSource Stored);
}
