using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Parquet;
using Tributary.Abstractions.Input;
using Tributary.Generation.Output;

namespace Tributary.Generation.Quality;

/// <summary>One row read back from a transaction file: its 1-based line (row number for Parquet) and its values by column name order.</summary>
public readonly record struct FileRow(long Line, string?[] Values);

/// <summary>
/// Reads transaction files of any output format back as text values in header order, for the quality report and
/// the model. A file whose header lacks a base column is rejected with the file and the missing column named.
/// </summary>
public static class TransactionFileReader
{
    /// <summary>Reads the column names of a file and then every row.</summary>
    public static async IAsyncEnumerable<FileRow> ReadAsync(
        Stream input, OutputFormat format, string fileName, Action<IReadOnlyList<string>> header,
        [EnumeratorCancellation] CancellationToken cancel = default)
    {
        switch (format)
        {
            case OutputFormat.Csv:
            {
                await using var csv = CsvReader.Create(input, new CsvReaderOptions { HasHeader = true }, leaveOpen: true);
                header(Checked(csv.Headers.ToArray(), fileName));
                long line = 1;
                while (await csv.ReadAsync(cancel).ConfigureAwait(false))
                {
                    line++;
                    var values = new string?[csv.FieldCount];
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = csv.GetString(i);
                    }

                    yield return new FileRow(line, values);
                }

                break;
            }

            case OutputFormat.Jsonl:
            {
                using var reader = new StreamReader(input, Encoding.UTF8, leaveOpen: true);
                string[]? names = null;
                long line = 0;
                while (await reader.ReadLineAsync(cancel).ConfigureAwait(false) is { } text)
                {
                    line++;
                    if (text.Length == 0)
                    {
                        continue;
                    }

                    string?[] values;
                    try
                    {
                        using var doc = JsonDocument.Parse(text);
                        if (names is null)
                        {
                            names = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
                            header(Checked(names, fileName));
                        }

                        values = names.Select(n => doc.RootElement.TryGetProperty(n, out var v) ? JsonText(v) : null).ToArray();
                    }
                    catch (JsonException e)
                    {
                        throw new InvalidInputException(new InputError(fileName, line, null, $"not valid JSON: {e.Message}"));
                    }

                    yield return new FileRow(line, values);
                }

                break;
            }

            case OutputFormat.Parquet:
            {
                using var memory = new MemoryStream();
                await input.CopyToAsync(memory, cancel).ConfigureAwait(false);
                memory.Position = 0;
                ParquetReader parquet;
                try
                {
                    parquet = await ParquetReader.CreateAsync(memory, cancellationToken: cancel).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or NotSupportedException)
                {
                    throw new InvalidInputException(new InputError(fileName, 0, null, $"not a readable Parquet file: {e.Message}"));
                }

                await using (parquet.ConfigureAwait(false))
                {
                    var fields = parquet.Schema.GetDataFields();
                    header(Checked(fields.Select(f => f.Name).ToArray(), fileName));
                    long row = 0;
                    for (var g = 0; g < parquet.RowGroupCount; g++)
                    {
                        using var group = parquet.OpenRowGroupReader(g);
                        var count = (int)group.RowCount;
                        var columns = new string?[fields.Length][];
                        for (var c = 0; c < fields.Length; c++)
                        {
                            columns[c] = await ReadColumnAsText(group, fields[c], count, cancel).ConfigureAwait(false);
                        }

                        for (var r = 0; r < count; r++)
                        {
                            row++;
                            var values = new string?[fields.Length];
                            for (var c = 0; c < fields.Length; c++)
                            {
                                values[c] = columns[c][r];
                            }

                            yield return new FileRow(row, values);
                        }
                    }
                }

                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    private static string[] Checked(string[] names, string fileName)
    {
        var missing = TransactionSchema.BaseColumns.Select(c => c.Name).Where(n => !names.Contains(n)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidInputException(missing.Select(m => new InputError(fileName, 1, m, "column is missing from the header")).ToArray());
        }

        return names;
    }

    private static string? JsonText(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => v.GetRawText(),
    };

    private static async Task<string?[]> ReadColumnAsText(ParquetRowGroupReader group, Parquet.Schema.DataField field, int count, CancellationToken cancel)
    {
        var text = new string?[count];
        if (field.ClrType == typeof(double))
        {
            var values = new double[count];
            await group.ReadAsync<double>(field, values, cancellationToken: cancel).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                text[i] = values[i].ToString(CultureInfo.InvariantCulture);
            }
        }
        else if (field.ClrType == typeof(float))
        {
            var values = new float[count];
            await group.ReadAsync<float>(field, values, cancellationToken: cancel).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                text[i] = values[i].ToString(CultureInfo.InvariantCulture);
            }
        }
        else if (field.ClrType == typeof(int))
        {
            var values = new int[count];
            await group.ReadAsync<int>(field, values, cancellationToken: cancel).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                text[i] = values[i].ToString(CultureInfo.InvariantCulture);
            }
        }
        else
        {
            await group.ReadAsync(field, text.AsMemory(), cancellationToken: cancel).ConfigureAwait(false);
        }

        return text;
    }
}
