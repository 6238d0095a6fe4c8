using System.Globalization;
using CsvHelper;

namespace Tributary.Reconciliation.Suggestions;

/// <summary>Writes suggestions.csv beside breaks.csv: one row per suggestion, surest first.</summary>
public static class SuggestionCsvWriter
{
    /// <summary>The suggestions.csv columns, in order (the first eight are a contract other checks read).</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "suggestion_id", "kind", "left_records", "right_records", "break_ids", "confidence", "explanation", "would_match_if",
        "partition", "value",
    ];

    /// <summary>Writes the header and one row per suggestion; leaves the stream open.</summary>
    public static void Write(Stream stream, IEnumerable<Suggestion> suggestions)
    {
        using var csv = CsvWriter.Create(stream, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen: true);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        csv.EndRecord();
        foreach (var s in suggestions)
        {
            csv.WriteField(s.SuggestionId);
            csv.WriteField(s.Kind.Name());
            csv.WriteField(string.Join(';', s.LeftRecords.Select(r => r.ToString(CultureInfo.InvariantCulture))));
            csv.WriteField(string.Join(';', s.RightRecords.Select(r => r.ToString(CultureInfo.InvariantCulture))));
            csv.WriteField(string.Join(';', s.BreakIds));
            csv.WriteField(s.Confidence.ToString("0.000", CultureInfo.InvariantCulture));
            csv.WriteField(s.Explanation);
            csv.WriteField(s.WouldMatchIf);
            csv.WriteField(s.Partition);
            csv.WriteField(s.Value.ToString("0.00", CultureInfo.InvariantCulture));
            csv.EndRecord();
        }
    }

    /// <summary>Writes suggestions to a file.</summary>
    public static void WriteFile(string path, IEnumerable<Suggestion> suggestions)
    {
        using var stream = File.Create(path);
        Write(stream, suggestions);
    }
}
