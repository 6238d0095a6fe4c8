using Tributary.Generation.Batches;
using Tributary.Generation.Reference;

namespace Tributary.Pipeline.Generation;

/// <summary>
/// The reference tables (customers, merchants, their samplers) of the runs being generated, built once per worker and
/// shared by a run's batches, as `gen run` shares one set across its batches. They derive from the seed and the two counts
/// alone, so a shared set is the same as one built per batch; building them per batch was about 7 % of a worker's CPU in
/// a gen run (issue 23). Holds the most recently used few; older ones are dropped and built again if asked for.
/// </summary>
public sealed class ReferenceDataCache(int capacity = 2)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Entry> _recent = new();

    /// <summary>The tables of <paramref name="spec"/>, built at most once while they are among the most recently used.</summary>
    public ReferenceData For(GenerationRunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var key = (spec.Seed, spec.CustomerCount, spec.MerchantCount);
        Lazy<ReferenceData> tables;
        lock (_gate)
        {
            var node = _recent.First;
            while (node is not null && node.Value.Key != key)
            {
                node = node.Next;
            }

            if (node is null)
            {
                // Built outside the lock, on first Value: concurrent batches of the run wait for the one build.
                node = new LinkedListNode<Entry>(new Entry(key, new Lazy<ReferenceData>(() => ReferenceData.For(spec), LazyThreadSafetyMode.ExecutionAndPublication)));
            }
            else
            {
                _recent.Remove(node);
            }

            _recent.AddFirst(node);
            while (_recent.Count > Math.Max(1, capacity))
            {
                _recent.RemoveLast();
            }

            tables = node.Value.Tables;
        }

        return tables.Value;
    }

    private sealed record Entry((ulong Seed, int Customers, int Merchants) Key, Lazy<ReferenceData> Tables);
}
