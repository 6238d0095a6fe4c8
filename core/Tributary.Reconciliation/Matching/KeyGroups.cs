using System.Runtime.InteropServices;

namespace Tributary.Reconciliation.Matching;

/// <summary>
/// The rows of one side grouped by a key, as singly linked chains in row order (head per key, next per row), so a
/// group is walked without allocating a list per key.
/// </summary>
internal sealed class KeyGroups
{
    private readonly Dictionary<RowRef, Group> _groups;
    private readonly int[] _next;
    private readonly bool _right;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public KeyGroups(bool right, int rowCount, IReadOnlyCollection<int> rows, RowKeyComparer comparer)
    {
        _right = right;
        _next = new int[rowCount];
        // Sized up front: growing a million-entry dictionary rehashes it about twenty times.
        _groups = new Dictionary<RowRef, Group>(rows.Count, comparer);
        foreach (var row in rows)
        {
            _next[row] = -1;
            ref var group = ref CollectionsMarshal.GetValueRefOrAddDefault(_groups, new RowRef(right, row), out var exists);
            if (!exists)
            {
                group = new Group(row, row, 1);
                continue;
            }

            _next[group.Tail] = row;
            group = group with { Tail = row, Count = group.Count + 1 };
        }
    }

    /// <summary>First row, last row and size of a group.</summary>
    public readonly record struct Group(int Head, int Tail, int Count);

    /// <summary>The group of rows whose key equals the key of <paramref name="probe"/> (a row of either side).</summary>
    public bool TryFind(RowRef probe, out Group group) => _groups.TryGetValue(probe, out group);

    /// <summary>Every group, in order of first appearance.</summary>
    public Dictionary<RowRef, Group>.ValueCollection All => _groups.Values;

    /// <summary>The group this side's own row belongs to.</summary>
    public Group Of(int row) => _groups[new RowRef(_right, row)];

    /// <summary>The rows of a group, in row order.</summary>
    public ChainEnumerator Rows(Group group) => new(_next, group.Head);

    /// <summary>Allocation-free walk along a chain.</summary>
    public struct ChainEnumerator(int[] next, int head)
    {
        private int _current = -1;
        private bool _started;

        public readonly int Current => _current;

        public bool MoveNext()
        {
            _current = _started ? next[_current] : head;
            _started = true;
            return _current >= 0;
        }

        public readonly ChainEnumerator GetEnumerator() => this;
    }
}
