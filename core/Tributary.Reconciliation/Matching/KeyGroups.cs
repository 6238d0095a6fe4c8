using System.Numerics;
using System.Runtime.InteropServices;
using Tributary.Abstractions.Performance;

namespace Tributary.Reconciliation.Matching;

/// <summary>
/// The rows of both sides grouped by a key: per side, groups in order of first appearance, each a singly linked chain
/// in row order (head per key, next per row), so a group is walked without allocating a list per key. A key's left
/// and right groups share one entry, so the exact-key pass finds a left group's partner without a second lookup.
/// </summary>
/// <remarks>
/// The keys live in one open-addressing table of (hash, left group, right group) entries with linear probing, at most
/// half full. An insert or lookup touches one entry and, only when the stored hash matches, the rows' values. The
/// Dictionary keyed by row that this replaces paid an interface call and two more cache misses per operation and was
/// looked up once more per left key; that was about a third of a 1M × 1M run's matching time.
/// </remarks>
internal sealed class KeyGroups
{
    private readonly RowKeyComparer _comparer;
    private Entry[] _entries;
    private int _mask;
    private int _used;

    private struct Entry
    {
        public int Hash;
        public int Left; // group index + 1 on the left; 0 = none
        public int Right; // the same on the right
    }

    /// <summary>Groups <paramref name="leftRows"/> and <paramref name="rightRows"/> (either may be empty) by the comparer's key.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public KeyGroups(RowKeyComparer comparer, int leftCount, List<int> leftRows, int rightCount, List<int> rightRows)
    {
        _comparer = comparer;
        // Sized for one side's keys (the two sides mostly share keys) and doubled if the keys turn out more distinct:
        // a smaller table misses the cache and the TLB less.
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, Math.Max(leftRows.Count, rightRows.Count) * 2));
        _entries = new Entry[size];
        _mask = size - 1;
        Left = new Side(this, false, leftCount, leftRows.Count);
        Right = new Side(this, true, rightCount, rightRows.Count);
        Left.AddAll(leftRows);
        Right.AddAll(rightRows);
    }

    /// <summary>First row, last row and size of a group, and its position in its side's first-appearance order.</summary>
    public readonly record struct Group(int Index, int Head, int Tail, int Count);

    /// <summary>The left records' groups.</summary>
    public Side Left { get; }

    /// <summary>The right records' groups.</summary>
    public Side Right { get; }

    /// <summary>The right group with the same key as a left group.</summary>
    public bool TryPartner(Group leftGroup, out Group rightGroup)
    {
        var g = Left.PartnerOf(leftGroup.Index) - 1;
        rightGroup = g < 0 ? default : Right.GroupAt(g);
        return g >= 0;
    }

    // Called after an entry was taken: keeps the table at most half full.
    private void Taken()
    {
        if (++_used * 2 <= _entries.Length)
        {
            return;
        }

        var old = _entries;
        _entries = new Entry[old.Length * 2];
        _mask = _entries.Length - 1;
        foreach (var e in old)
        {
            if (e.Left != 0 || e.Right != 0)
            {
                var slot = e.Hash & _mask;
                while (_entries[slot].Left != 0 || _entries[slot].Right != 0)
                {
                    slot = (slot + 1) & _mask;
                }

                _entries[slot] = e;
            }
        }
    }

    // The entry holding the probe's key, or the empty entry where it would go.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private int Find(RowRef probe, int hash)
    {
        var slot = hash & _mask;
        while (true)
        {
            ref readonly var e = ref _entries[slot];
            if (e.Left == 0 && e.Right == 0)
            {
                return slot;
            }

            if (e.Hash == hash)
            {
                // Any row of the key stands for it: the left head if there is one, else the right head.
                var same = e.Left != 0
                    ? _comparer.Equals(new RowRef(false, Left.HeadOf(e.Left - 1)), probe)
                    : _comparer.Equals(new RowRef(true, Right.HeadOf(e.Right - 1)), probe);
                if (same)
                {
                    return slot;
                }
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>One side's groups.</summary>
    public sealed class Side
    {
        private readonly KeyGroups _owner;
        private readonly bool _right;
        private readonly int[] _next;
        private readonly int[] _head;
        private readonly int[] _tail;
        private readonly int[] _count;
        private readonly int[] _partner; // per group: the other side's group with the same key, + 1 (0 = none)
        private int _groups;

        internal Side(KeyGroups owner, bool right, int rowCount, int rows)
        {
            _owner = owner;
            _right = right;
            _next = rows == 0 ? [] : new int[rowCount];
            _head = new int[rows];
            _tail = new int[rows];
            _count = new int[rows];
            _partner = new int[rows];
        }

        /// <summary>Every group, in order of first appearance.</summary>
        public GroupList All => new(this);

        /// <summary>The group with the key of <paramref name="probe"/> (a row of either side).</summary>
        public bool TryFind(RowRef probe, out Group group)
        {
            ref readonly var e = ref _owner._entries[_owner.Find(probe, _owner._comparer.GetHashCode(probe))];
            var g = (_right ? e.Right : e.Left) - 1;
            group = g < 0 ? default : GroupAt(g);
            return g >= 0;
        }

        /// <summary>The group this side's own row belongs to.</summary>
        public Group Of(int row) =>
            TryFind(new RowRef(_right, row), out var group) ? group : throw new KeyNotFoundException($"row {row} is not grouped");

        /// <summary>The rows of a group, in row order.</summary>
        public ChainEnumerator Rows(Group group) => new(_next, group.Head);

        internal Group GroupAt(int g) => new(g, _head[g], _tail[g], _count[g]);

        internal int HeadOf(int g) => _head[g];

        internal int PartnerOf(int g) => _partner[g];

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        internal void AddAll(List<int> rowList)
        {
            var other = _right ? _owner.Left : null; // the left side is filled first: right groups link back to it
            var rows = CollectionsMarshal.AsSpan(rowList);
            // Hashes first, in one sequential pass, so the entry each insert will touch can be fetched from memory a
            // few rows ahead: the table is far larger than the caches and every insert would otherwise wait for it.
            var hashes = new int[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                hashes[i] = _owner._comparer.GetHashCode(new RowRef(_right, rows[i]));
            }

            for (var i = 0; i < rows.Length; i++)
            {
                if (i + PrefetchAhead < rows.Length)
                {
                    CacheHint.Prefetch(ref _owner._entries[hashes[i + PrefetchAhead] & _owner._mask]);
                }

                var row = rows[i];
                _next[row] = -1;
                var probe = new RowRef(_right, row);
                var hash = hashes[i];
                var slot = _owner.Find(probe, hash);
                ref var e = ref _owner._entries[slot];
                var fresh = e.Left == 0 && e.Right == 0;
                e.Hash = hash;
                ref var id = ref _right ? ref e.Right : ref e.Left;
                if (id == 0)
                {
                    var g = _groups++;
                    _head[g] = row;
                    _tail[g] = row;
                    _count[g] = 1;
                    id = g + 1;
                    if (other is not null && e.Left != 0)
                    {
                        // Both links are made now, while the entry is in cache: the exact-key pass then reads them
                        // in group order instead of probing the table again.
                        _partner[g] = e.Left;
                        other._partner[e.Left - 1] = id;
                    }

                    if (fresh)
                    {
                        _owner.Taken(); // may move the entries: e is not used after this
                    }

                    continue;
                }

                var group = id - 1;
                _next[_tail[group]] = row;
                _tail[group] = row;
                _count[group]++;
            }
        }

        /// <summary>The groups in order of first appearance, enumerated without allocating.</summary>
        public readonly struct GroupList(Side side)
        {
            public Enumerator GetEnumerator() => new(side);

            public struct Enumerator(Side side)
            {
                private int _index = -1;

                public readonly Group Current => side.GroupAt(_index);

                public bool MoveNext() => ++_index < side._groups;
            }
        }
    }

    // Rows between computing an entry's address and using it: enough for a memory load to arrive meanwhile.
    private const int PrefetchAhead = 8;

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
