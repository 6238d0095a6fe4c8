using System.Globalization;
using System.Text;
using Tributary.Reconciliation.Profiles;

namespace Tributary.Reconciliation.Records;

/// <summary>
/// The records of one side, stored column by column (flat arrays per field) so matching touches no per-row objects.
/// Text is normalised (see <see cref="KeyNormalizer"/>), numbers are decimals, dates are day numbers.
/// </summary>
/// <remarks>
/// Text is kept as normalised UTF-8: a cell is a range of the input's own bytes when the value was already in normal
/// form (nearly always), or of a side arena otherwise, so reading a million rows allocates no string per value and
/// matching compares and hashes bytes. <see cref="Text"/> makes a string when one is asked for (breaks, tests).
/// A table never changes once read, so <see cref="Select"/> returns a view over the same columns (a row map) instead of
/// copying them: splitting a million-row side into buckets costs one int per row.
/// </remarks>
public sealed class RecordTable
{
    private readonly TextCell[]?[] _text;
    private readonly TextStore _store;
    private readonly decimal[]?[] _number;
    private readonly int[]?[] _day;
    private int[] _line; // an int: an input is at most 2 GB, so it has fewer lines than that
    private readonly int[]? _map; // a view's rows in the underlying columns; null for a table that owns its rows
    // 1-based data-record numbers in the source file, by column row, when the table was read from a subset of it (a
    // bucket file); null: row + 1. A view shares its table's.
    private int[]? _record;

    internal RecordTable(ReconciliationProfile profile, RecordSide side, string source, int capacity, TextStore store)
    {
        Profile = profile;
        Side = side;
        Source = source;
        _store = store;
        capacity = Math.Max(capacity, 4);
        var n = profile.Fields.Count;
        _text = new TextCell[]?[n];
        _number = new decimal[]?[n];
        _day = new int[]?[n];
        foreach (var field in profile.Fields)
        {
            if (field.Column(side) is null)
            {
                continue;
            }

            switch (field.Type)
            {
                case FieldType.Text: _text[field.Index] = new TextCell[capacity]; break;
                case FieldType.Number: _number[field.Index] = new decimal[capacity]; break;
                default: _day[field.Index] = new int[capacity]; break;
            }
        }

        _line = new int[capacity];
    }

    private RecordTable(RecordTable of, int[] map)
    {
        Profile = of.Profile;
        Side = of.Side;
        Source = of.Source;
        _store = of._store;
        _text = of._text;
        _number = of._number;
        _day = of._day;
        _line = of._line;
        _record = of._record;
        _map = map;
        Count = map.Length;
    }

    public ReconciliationProfile Profile { get; }
    public RecordSide Side { get; }

    /// <summary>The file (or stream name) the records came from.</summary>
    public string Source { get; }

    public int Count { get; private set; }

    /// <summary>Whether this side carries the field.</summary>
    public bool Has(int field) => _text[field] is not null || _number[field] is not null || _day[field] is not null;

    /// <summary>The normalised text of a text field (a new string per call: hot loops use the internal byte view).</summary>
    public string Text(int field, int row) => _text[field] is { } c ? Encoding.UTF8.GetString(_store.Bytes(c[At(row)])) : "";

    /// <summary>The normalised text of a text field as UTF-8 (empty when the side lacks the field).</summary>
    internal ReadOnlySpan<byte> TextBytes(int field, int row) => _text[field] is { } c ? _store.Bytes(c[At(row)]) : default;

    /// <summary>Whether a text field is empty (or missing on this side).</summary>
    internal bool TextEmpty(int field, int row) => _text[field] is not { } c || c[At(row)].Length == 0;

    public decimal Number(int field, int row) => _number[field] is { } c ? c[At(row)] : 0m;

    /// <summary>Day number (days since 0001-01-01) of a date field.</summary>
    public int Day(int field, int row) => _day[field] is { } c ? c[At(row)] : 0;

    /// <summary>1-based physical line of the record in its source.</summary>
    public long Line(int row) => _line[At(row)];

    /// <summary>
    /// 1-based number of the record among the data records of its source file (header and blank lines excluded), kept
    /// through <see cref="Select"/> so a bucket's records still name their row in the input.
    /// </summary>
    public int Record(int row) => _record is { } r ? r[At(row)] : At(row) + 1;

    /// <summary>The value as text, as breaks report it (invariant numbers, yyyy-MM-dd dates; empty when the side lacks it).</summary>
    public string Display(int field, int row)
    {
        if (_text[field] is not null)
        {
            return Text(field, row);
        }

        if (_number[field] is { } n)
        {
            return n[At(row)].ToString(CultureInfo.InvariantCulture);
        }

        return _day[field] is { } d ? DateOnly.FromDayNumber(d[At(row)]).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
    }

    /// <summary>
    /// A number field's column (null when the field is not a number or this side lacks it), indexed by
    /// <see cref="ColumnRow"/>, not by row.
    /// </summary>
    internal decimal[]? NumberColumn(int field) => _number[field];

    /// <summary>A date field's column of day numbers (null when the field is not a date or this side lacks it), indexed by <see cref="ColumnRow"/>.</summary>
    internal int[]? DayColumn(int field) => _day[field];

    /// <summary>Where a row is in the columns (itself, unless this table is a view made by <see cref="Select"/>).</summary>
    internal int ColumnRow(int row) => At(row);

    /// <summary>The value as a decimal for tolerance checks: numbers as they are, dates as day numbers.</summary>
    public decimal Magnitude(int field, int row) => _day[field] is { } d ? d[At(row)] : Number(field, row);

    /// <summary>Sets the rows' record numbers in the original input (a bucket file read back; see Partitioning/RecordNumbers).</summary>
    internal void SetRecords(int[] records)
    {
        if (_map is not null)
        {
            throw new InvalidOperationException("record numbers belong to the table read from a file, not to a view of it");
        }

        if (records.Length != Count)
        {
            throw new InvalidDataException($"{Source}: {records.Length} record numbers for {Count} records");
        }

        _record = records;
    }

    /// <summary>A table of the given rows, in that order (one bucket of a partitioned run), sharing this table's columns.</summary>
    public RecordTable Select(ReadOnlySpan<int> rows)
    {
        var map = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            map[i] = At(rows[i]);
        }

        return new RecordTable(this, map);
    }

    private int At(int row) => _map is null ? row : _map[row];

    internal int AddRow(long line)
    {
        // Only the reader adds rows, and only to a table it owns (never to a view).
        if (Count == _line.Length)
        {
            Grow();
        }

        _line[Count] = checked((int)line);
        return Count++;
    }

    internal void SetText(int field, int row, TextCell value) => _text[field]![row] = value;

    internal void SetNumber(int field, int row, decimal value) => _number[field]![row] = value;

    internal void SetDay(int field, int row, int value) => _day[field]![row] = value;

    /// <summary>Drops the last row (it failed to parse); the reader keeps counting errors instead.</summary>
    internal void RemoveLast() => Count--;

    private void Grow()
    {
        var size = _line.Length * 2;
        Array.Resize(ref _line, size);
        for (var f = 0; f < _text.Length; f++)
        {
            if (_text[f] is { } t) { Array.Resize(ref t, size); _text[f] = t; }
            if (_number[f] is { } n) { Array.Resize(ref n, size); _number[f] = n; }
            if (_day[f] is { } d) { Array.Resize(ref d, size); _day[f] = d; }
        }
    }
}
