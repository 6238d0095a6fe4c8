using System.Globalization;
using System.Text;
using Tributary.Abstractions.Input;

namespace Tributary.Reconciliation.Partitioning;

/// <summary>
/// The 1-based data-record numbers of a bucket file's rows in the original input, one per line: written by the planner
/// beside each bucket file and read back by <see cref="Matching.BucketReconciler.ReconcileStreams"/>, so breaks and
/// suggestions of a bucket name the rows of the input a person opens, not of the bucket file.
/// </summary>
public static class RecordNumbers
{
    /// <summary>Writes the numbers, one per line (leaves the stream open).</summary>
    public static void Write(Stream stream, IEnumerable<int> records)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        foreach (var record in records)
        {
            writer.WriteLine(record.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Reads numbers written by <see cref="Write"/>; <paramref name="source"/> names the stream in errors.</summary>
    public static int[] Read(Stream stream, string source)
    {
        var records = new List<int>();
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var record) || record < 1)
            {
                throw new InvalidInputException(new InputError(source, line, null, $"'{text}' is not a record number"));
            }

            records.Add(record);
        }

        return [.. records];
    }
}
