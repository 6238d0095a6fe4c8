using Tributary.Pipeline.Durable;

namespace Tributary.Bench.Pipeline;

/// <summary>Counts history writes on their way to the real store, to report how many calls each write carried.</summary>
internal sealed class CountingInstanceStore(IInstanceStore inner) : DelegatingInstanceStore(inner)
{
    private int _writes;

    public int HistoryWrites => Volatile.Read(ref _writes);

    public override Task RecordAsync(IReadOnlyList<ActivityRecord> records, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        return base.RecordAsync(records, cancellationToken);
    }
}
