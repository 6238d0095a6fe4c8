using System.Text;
using CsvHelper;

namespace Tributary.Abstractions.Input;

/// <summary>A CSV file opened with its header checked: required columns located by name, rows read with their line number.</summary>
/// <remarks>One reader for every engine, so header rules and error locations are the same everywhere. CsvHelper 34's reader
/// scans with SIMD and hands out fields as UTF-8 spans, so readers parse numbers and look up codes without a string per field.</remarks>
public sealed class CsvSource : IDisposable
{
    private readonly CsvReader _reader;
    private readonly int[] _columns;
    private readonly IReadOnlyList<string> _names;
    private readonly int _headerFields;
    private readonly Action<InputError>? _rejectRow;
    private long _rows;

    private CsvSource(CsvReader reader, int[] columns, IReadOnlyList<string> names, string file, int headerFields, Action<InputError>? rejectRow)
    {
        _reader = reader;
        _columns = columns;
        _names = names;
        _headerFields = headerFields;
        _rejectRow = rejectRow;
        File = file;
    }

    public string File { get; }

    /// <summary>Physical line of the current row (header = 1).</summary>
    public long Line => _reader.LineNumber;

    /// <summary>Byte offset of the current row, for progress.</summary>
    public long ByteOffset => _reader.ByteOffset;

    /// <summary>Data rows read so far, including those rejected for their field count.</summary>
    public long Rows => _rows;

    /// <summary>
    /// Opens the stream and checks that every required column is in the header (order free, extra columns ignored). A row
    /// whose field count differs from the header's is never handed out: it goes to <paramref name="rejectRow"/> (the reader's
    /// bad-row policy: count and skip, or collect and fail) or, without one, fails the read at once.
    /// </summary>
    /// <exception cref="InvalidInputException">The file has no header, or a required column is missing (all of them named).</exception>
    public static CsvSource Open(Stream stream, string file, IReadOnlyList<string> required, Action<InputError>? rejectRow = null)
    {
        ArgumentNullException.ThrowIfNull(required);
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
        };
        var reader = CsvReader.Create(stream, options, leaveOpen: true);
        reader.ReadHeader();
        var header = reader.Headers;
        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
        {
            reader.Dispose();
            throw new InvalidInputException(new InputError(file, 0, null, "file is empty: expected a header row"));
        }

        var columns = new int[required.Count];
        var errors = new List<InputError>();
        for (var i = 0; i < required.Count; i++)
        {
            if (!reader.TryGetFieldIndex(required[i], out columns[i]))
            {
                errors.Add(new InputError(file, 1, required[i], $"missing column (header is: {string.Join(",", header)})"));
            }
        }

        if (errors.Count > 0)
        {
            reader.Dispose();
            throw new InvalidInputException(errors);
        }

        return new CsvSource(reader, columns, required, file, header.Count, rejectRow);
    }

    /// <summary>Advances to the next row with as many fields as the header, passing those with more or fewer to the reject policy.</summary>
    /// <exception cref="InvalidInputException">A row has the wrong field count and no reject policy was given.</exception>
    public bool Read()
    {
        while (_reader.Read())
        {
            _rows++;
            if (_reader.FieldCount == _headerFields)
            {
                return true;
            }

            // A shifted row would put values under the wrong columns and pass every field check: it is never read.
            var error = new InputError(File, Line, null, $"{_reader.FieldCount} fields, but the header has {_headerFields}");
            if (_rejectRow is null)
            {
                throw new InvalidInputException(error);
            }

            _rejectRow(error);
        }

        return false;
    }

    /// <summary>Call after the last row of a file that must hold data: a header alone is an error that says so.</summary>
    /// <exception cref="InvalidInputException">The file had no data rows.</exception>
    public void EnsureRows()
    {
        if (_rows == 0)
        {
            throw new InvalidInputException(new InputError(File, 0, null, "no data rows: the file has only its header"));
        }
    }

    /// <summary>The UTF-8 bytes of required column <paramref name="index"/>; empty when the row is short or the field empty.</summary>
    public ReadOnlySpan<byte> Span(int index)
    {
        var column = _columns[index];
        return column < _reader.FieldCount ? _reader.GetSpan(column) : [];
    }

    /// <summary>The value of required column <paramref name="index"/> as a string, or null when empty.</summary>
    public string? Field(int index)
    {
        var span = Span(index);
        return span.IsEmpty ? null : Encoding.UTF8.GetString(span);
    }

    /// <summary>An error at the current row, in the named field.</summary>
    public InputError Error(string field, string problem) => new(File, Line, field, problem);

    /// <summary>An error at the current row, in required column <paramref name="index"/>.</summary>
    public InputError Error(int index, string problem) => new(File, Line, _names[index], problem);

    public void Dispose() => _reader.Dispose();
}
