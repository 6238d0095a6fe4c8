using System.Globalization;
using Tributary.Reconciliation.Profiles;

namespace Tributary.Reconciliation.Records;

/// <summary>
/// The records of one side, stored column by column (flat arrays per field) so matching touches no per-row objects.
/// Text is normalised (see <see cref="KeyNormalizer"/>), numbers are decimals, dates are day numbers.
/// </summary>
public sealed class RecordTable
{
    private readonly string[]?[] _text;
    private readonly decimal[]?[] _number;
    private readonly int[]?[] _day;
    private long[] _line;
    // 1-based data-record numbers in the source file when this table is a subset of it (a bucket); null: row + 1.
    private int[]? _record;

    internal RecordTable(ReconciliationProfile profile, RecordSide side, string source, int capacity)
    {
        Profile = profile;
        Side = side;
        Source = source;
        capacity = Math.Max(capacity, 4);
        var n = profile.Fields.Count;
        _text = new string[]?[n];
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
                case FieldType.Text: _text[field.Index] = new string[capacity]; break;
                case FieldType.Number: _number[field.Index] = new decimal[capacity]; break;
                default: _day[field.Index] = new int[capacity]; break;
            }
        }

        _line = new long[capacity];
    }

    public ReconciliationProfile Profile { get; }
    public RecordSide Side { get; }

    /// <summary>The file (or stream name) the records came from.</summary>
    public string Source { get; }

    public int Count { get; private set; }

    /// <summary>Whether this side carries the field.</summary>
    public bool Has(int field) => _text[field] is not null || _number[field] is not null || _day[field] is not null;

    public string Text(int field, int row) => _text[field] is { } c ? c[row] : "";

    public decimal Number(int field, int row) => _number[field] is { } c ? c[row] : 0m;

    /// <summary>Day number (days since 0001-01-01) of a date field.</summary>
    public int Day(int field, int row) => _day[field] is { } c ? c[row] : 0;

    /// <summary>1-based physical line of the record in its source.</summary>
    public long Line(int row) => _line[row];

    /// <summary>
    /// 1-based number of the record among the data records of its source file (header and blank lines excluded), kept
    /// through <see cref="Select"/> so a bucket's records still name their row in the input.
    /// </summary>
    public int Record(int row) => _record is { } r ? r[row] : row + 1;

    /// <summary>The value as text, as breaks report it (invariant numbers, yyyy-MM-dd dates; empty when the side lacks it).</summary>
    public string Display(int field, int row)
    {
        if (_text[field] is { } t)
        {
            return t[row];
        }

        if (_number[field] is { } n)
        {
            return n[row].ToString(CultureInfo.InvariantCulture);
        }

        return _day[field] is { } d ? DateOnly.FromDayNumber(d[row]).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
    }

    /// <summary>The value as a decimal for tolerance checks: numbers as they are, dates as day numbers.</summary>
    public decimal Magnitude(int field, int row) => _day[field] is { } d ? d[row] : Number(field, row);

    /// <summary>Sets the rows' record numbers in the original input (a bucket file read back; see Partitioning/RecordNumbers).</summary>
    internal void SetRecords(int[] records)
    {
        if (records.Length != Count)
        {
            throw new InvalidDataException($"{Source}: {records.Length} record numbers for {Count} records");
        }

        _record = records;
    }

    /// <summary>A new table with the given rows, in that order (one bucket of a partitioned run).</summary>
    public RecordTable Select(ReadOnlySpan<int> rows)
    {
        var table = new RecordTable(Profile, Side, Source, rows.Length);
        for (var f = 0; f < _text.Length; f++)
        {
            Copy(_text[f], table._text[f], rows);
            Copy(_number[f], table._number[f], rows);
            Copy(_day[f], table._day[f], rows);
        }

        Copy(_line, table._line, rows);
        table._record = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            table._record[i] = Record(rows[i]);
        }

        table.Count = rows.Length;
        return table;
    }

    private static void Copy<T>(T[]? from, T[]? to, ReadOnlySpan<int> rows)
    {
        if (from is null || to is null)
        {
            return;
        }

        for (var i = 0; i < rows.Length; i++)
        {
            to[i] = from[rows[i]];
        }
    }

    internal int AddRow(long line)
    {
        if (Count == _line.Length)
        {
            Grow();
        }

        _line[Count] = line;
        return Count++;
    }

    internal void SetText(int field, int row, string value) => _text[field]![row] = value;

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
