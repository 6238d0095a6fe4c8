namespace Tributary.Pipeline.Workloads;

/// <summary>
/// Writes (blob uploads, document upserts) started one after another with at most a few in flight. A step that awaited
/// each write before computing the next waited once per write for the store's durable acknowledgement (an fsync behind
/// Azurite's and the Cosmos server's responses, a network round trip in Azure); with several in flight the stores share
/// one flush among them (group commit) and the next item is computed while the last ones are stored. Not thread-safe:
/// one producer adds, then drains.
/// </summary>
public sealed class BoundedWrites(int maxInFlight) : IAsyncDisposable
{
    /// <summary>In flight per step by default: enough to share flushes, few enough to bound the buffers held.</summary>
    public const int DefaultInFlight = 8;

    private readonly List<Task> _inFlight = [];

    /// <summary>Starts <paramref name="write"/> once fewer than the bound are in flight; rethrows the first failed write seen.</summary>
    public async Task AddAsync(Func<Task> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        while (_inFlight.Count >= maxInFlight)
        {
            var done = await Task.WhenAny(_inFlight).ConfigureAwait(false);
            _inFlight.Remove(done);
            await done.ConfigureAwait(false);
        }

        _inFlight.Add(write());
    }

    /// <summary>Waits for every write started; throws if any failed (the step fails, and its retry writes again: writes are idempotent).</summary>
    public async Task DrainAsync()
    {
        var pending = _inFlight.ToArray();
        _inFlight.Clear();
        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    /// <summary>Waits for writes still in flight after a failure, so none outlives its step; their errors are the step's already.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await DrainAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Reported by the failure that abandoned the step, or by DrainAsync when the step drained first.
        }
    }
}
