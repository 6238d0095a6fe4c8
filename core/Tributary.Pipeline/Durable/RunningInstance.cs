namespace Tributary.Pipeline.Durable;

/// <summary>An instance executing in this engine: its cancellation, its state writer, its history committer and its coalesced custom status.</summary>
internal sealed class RunningInstance : IDisposable
{
    private readonly SemaphoreSlim _statusChanged = new(0, 1);
    private string? _customStatus;
    private volatile bool _terminateRequested;

    public RunningInstance(IInstanceStore store, InstanceState state, RunningInstance? parent, CancellationToken engineStopping)
    {
        Id = state.Id;
        Parent = parent;
        Writer = new InstanceStateWriter(store, state);
        _customStatus = state.CustomStatus;
        Cancellation = CancellationTokenSource.CreateLinkedTokenSource(parent?.Token ?? engineStopping);
        History = new HistoryCommitter(store, Cancellation.Token);
    }

    public string Id { get; }

    public RunningInstance? Parent { get; }

    public InstanceStateWriter Writer { get; }

    public HistoryCommitter History { get; }

    public CancellationTokenSource Cancellation { get; }

    public CancellationToken Token => Cancellation.Token;

    /// <summary>True once this instance or an ancestor was terminated (as opposed to the engine stopping).</summary>
    public bool TerminateRequested => _terminateRequested || Parent?.TerminateRequested == true;

    public string? CustomStatus => Volatile.Read(ref _customStatus);

    public void RequestTerminate()
    {
        _terminateRequested = true;
        Cancellation.Cancel();
    }

    public void SetCustomStatus(string? json)
    {
        Volatile.Write(ref _customStatus, json);
        if (_statusChanged.CurrentCount == 0)
        {
            try
            {
                _statusChanged.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled by a racing update: one flush covers both.
            }
        }
    }

    /// <summary>Writes the latest custom status at most once per interval until stopped.</summary>
    public async Task FlushCustomStatusAsync(TimeProvider time, TimeSpan interval, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await _statusChanged.WaitAsync(stop).ConfigureAwait(false);
                await Task.Delay(interval, time, stop).ConfigureAwait(false);
                var latest = CustomStatus;
                try
                {
                    await Writer.UpdateAsync(
                        s => s.IsTerminal || s.CustomStatus == latest ? null : s with { CustomStatus = latest, LastUpdatedAt = time.GetUtcNow() },
                        stop).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Progress is advisory: a failed write is superseded by the next one or by the final state write.
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The instance finished; its final write carries the latest status.
        }
    }

    public void Dispose() => Cancellation.Dispose();
}
