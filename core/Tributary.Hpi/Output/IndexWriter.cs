using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Parquet.Serialization;

namespace Tributary.Hpi.Output;

/// <summary>Output file formats.</summary>
public enum OutputFormat
{
    /// <summary>Comma-separated with a header; an empty appreciation marks a chain's first year.</summary>
    Csv,
    /// <summary>A JSON array of objects with the CSV's column names; appreciation is null in a chain's first year.</summary>
    Json,
    /// <summary>Apache Parquet (Parquet.Net), columns named as in the CSV.</summary>
    Parquet,
}

/// <summary>Writes output rows as CSV, JSON or Parquet. Column names come from each row type's <see cref="JsonPropertyNameAttribute"/>,
/// so the three formats cannot drift apart.</summary>
public static class IndexWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Writes rows to a stream (left open).</summary>
    public static async Task WriteAsync<T>(Stream stream, IReadOnlyList<T> rows, OutputFormat format, CancellationToken cancel = default)
        where T : class, new()
    {
        switch (format)
        {
            case OutputFormat.Csv:
                await WriteCsvAsync(stream, rows, cancel).ConfigureAwait(false);
                break;
            case OutputFormat.Json:
                await JsonSerializer.SerializeAsync(stream, rows, Json, cancel).ConfigureAwait(false);
                break;
            case OutputFormat.Parquet:
                await ParquetSerializer.SerializeAsync(rows, stream, cancellationToken: cancel).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    /// <summary>Writes rows to a file, replacing it.</summary>
    public static async Task WriteAsync<T>(string path, IReadOnlyList<T> rows, OutputFormat format, CancellationToken cancel = default)
        where T : class, new()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await using var stream = File.Create(path);
        await WriteAsync(stream, rows, format, cancel).ConfigureAwait(false);
    }

    private static async Task WriteCsvAsync<T>(Stream stream, IReadOnlyList<T> rows, CancellationToken cancel)
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var names = properties.Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name).ToArray();
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        await writer.WriteLineAsync(string.Join(",", names)).ConfigureAwait(false);
        var line = new StringBuilder();
        foreach (var row in rows)
        {
            cancel.ThrowIfCancellationRequested();
            line.Clear();
            for (var i = 0; i < properties.Length; i++)
            {
                if (i > 0)
                {
                    line.Append(',');
                }

                line.Append(Format(properties[i].GetValue(row)));
            }

            await writer.WriteLineAsync(line.ToString()).ConfigureAwait(false);
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        string s when s.AsSpan().IndexOfAny(",\"\n\r") >= 0 => "\"" + s.Replace("\"", "\"\"") + "\"",
        string s => s,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
