using Tributary.Pipeline.Durable;
using Tributary.Pipeline.InMemory;

namespace Tributary.Pipeline.Tests.Durable;

/// <summary>An in-memory store whose first history write waits for the test to open the gate, or fails; later writes pass.</summary>
internal sealed class GatedInstanceStore() : DelegatingInstanceStore(new InMemoryInstanceStore())
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly List<int> _writeSizes = [];
    private int _writes;

    /// <summary>Makes the first history write throw this instead of waiting.</summary>
    public Exception? FirstWriteFailure { get; init; }

    /// <summary>Records per history write, in the order the writes were made.</summary>
    public IReadOnlyList<int> WriteSizes
    {
        get
        {
            lock (_lock)
            {
                return [.. _writeSizes];
            }
        }
    }

    /// <summary>True once the first history write has started (and is waiting at the gate).</summary>
    public bool FirstWriteStarted => Volatile.Read(ref _writes) > 0;

    public void Open() => _gate.TrySetResult();

    public override async Task RecordAsync(IReadOnlyList<ActivityRecord> records, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _writeSizes.Add(records.Count);
        }

        if (Interlocked.Increment(ref _writes) == 1)
        {
            if (FirstWriteFailure is { } failure)
            {
                throw failure;
            }

            await _gate.Task.WaitAsync(cancellationToken);
        }

        await base.RecordAsync(records, cancellationToken);
    }
}
