using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;

namespace Tributary.Reconciliation.Matching;

/// <summary>Compares the records of either side on a list of fields, reading the column arrays directly.</summary>
internal sealed class RowKeyComparer : IEqualityComparer<RowRef>
{
    private readonly RecordTable _left;
    private readonly RecordTable _right;
    private readonly ProfileField[] _fields;

    public RowKeyComparer(RecordTable left, RecordTable right, IEnumerable<ProfileField> fields)
    {
        _left = left;
        _right = right;
        _fields = fields.DistinctBy(f => f.Index).ToArray();
    }

    public IReadOnlyList<ProfileField> Fields => _fields;

    private RecordTable Table(RowRef r) => r.Right ? _right : _left;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool Equals(RowRef a, RowRef b)
    {
        var ta = Table(a);
        var tb = Table(b);
        foreach (var f in _fields)
        {
            var same = f.Type switch
            {
                FieldType.Text => ta.TextBytes(f.Index, a.Row).SequenceEqual(tb.TextBytes(f.Index, b.Row)),
                FieldType.Number => ta.Number(f.Index, a.Row) == tb.Number(f.Index, b.Row),
                _ => ta.Day(f.Index, a.Row) == tb.Day(f.Index, b.Row),
            };
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int GetHashCode(RowRef r)
    {
        var t = Table(r);
        var hash = new HashCode();
        foreach (var f in _fields)
        {
            switch (f.Type)
            {
                case FieldType.Text:
                    var bytes = t.TextBytes(f.Index, r.Row);
                    hash.Add(bytes.Length);
                    hash.AddBytes(bytes);
                    break;
                case FieldType.Number: hash.Add(t.Number(f.Index, r.Row)); break;
                default: hash.Add(t.Day(f.Index, r.Row)); break;
            }
        }

        return hash.ToHashCode();
    }
}
