using System.Globalization;
using System.Text;
using CsvHelper;
using Tributary.Abstractions.Input;

namespace Tributary.Forecast.Input;

/// <summary>A CSV file opened with its header checked: columns located by name, rows read with their line number.</summary>
/// <remarks>Same reading rules as the HPI reader (CsvHelper 34, header by name, order free, extra columns ignored); kept
/// separate because the engines do not depend on each other.</remarks>
internal sealed class CsvSource : IDisposable
{
    private readonly CsvReader _reader;
    private readonly int[] _columns;
    private readonly IReadOnlyList<string> _names;

    private CsvSource(CsvReader reader, int[] columns, IReadOnlyList<string> names, string file)
    {
        _reader = reader;
        _columns = columns;
        _names = names;
        File = file;
    }

    public string File { get; }

    /// <summary>Physical line of the current row (header = 1).</summary>
    public long Line => _reader.LineNumber;

    /// <summary>Opens the stream and checks that every required column is in the header.</summary>
    public static CsvSource Open(Stream stream, string file, IReadOnlyList<string> columns)
    {
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

        var indices = new int[columns.Count];
        var errors = new List<InputError>();
        for (var i = 0; i < columns.Count; i++)
        {
            if (!reader.TryGetFieldIndex(columns[i], out indices[i]))
            {
                errors.Add(new InputError(file, 1, columns[i], $"missing column (header is: {string.Join(",", header)})"));
            }
        }

        if (errors.Count > 0)
        {
            reader.Dispose();
            throw new InvalidInputException(errors);
        }

        return new CsvSource(reader, indices, columns, file);
    }

    public bool Read() => _reader.Read();

    /// <summary>Column <paramref name="index"/> as a string, or null when empty or missing from a short row.</summary>
    public string? Field(int index)
    {
        var column = _columns[index];
        if (column >= _reader.FieldCount)
        {
            return null;
        }

        var span = _reader.GetSpan(column);
        return span.IsEmpty ? null : Encoding.UTF8.GetString(span);
    }

    public InputError Error(int index, string problem) => new(File, Line, _names[index], problem);

    /// <summary>Parses an ISO 8601 calendar date (yyyy-MM-dd).</summary>
    public bool TryDate(int index, List<InputError> errors, out DateOnly date)
    {
        var text = Field(index);
        if (text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        date = default;
        errors.Add(Error(index, text is null ? "empty: expected a date yyyy-MM-dd" : $"'{text}' is not a date yyyy-MM-dd"));
        return false;
    }

    /// <summary>Parses a whole number in [min, max].</summary>
    public bool TryInt(int index, List<InputError> errors, int min, int max, out int value)
    {
        var text = Field(index);
        if (text is not null && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        value = 0;
        errors.Add(Error(index, text is null ? "empty: expected a whole number" : $"'{text}' is not a whole number in [{min}, {max}]"));
        return false;
    }

    /// <summary>Parses a finite number in [min, max].</summary>
    public bool TryNumber(int index, List<InputError> errors, double min, double max, out double value)
    {
        var text = Field(index);
        if (text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value) && value >= min && value <= max)
        {
            return true;
        }

        value = 0;
        errors.Add(Error(index, text is null ? "empty: expected a number" : $"'{text}' is not a number in [{min}, {max}]"));
        return false;
    }

    /// <summary>A required text field (names of markets, vendors, products).</summary>
    public bool TryText(int index, List<InputError> errors, out string value)
    {
        var text = Field(index);
        if (text is not null)
        {
            value = text;
            return true;
        }

        value = "";
        errors.Add(Error(index, "empty"));
        return false;
    }

    public void Dispose() => _reader.Dispose();
}
