using System.Globalization;
using CsvHelper;
using Tributary.Reconciliation.Workflow;

namespace Tributary.Reconciliation.Breaks;

/// <summary>Writes breaks.csv (CsvHelper; a run has far fewer breaks than records, so this is not a hot path).</summary>
public static class BreakCsvWriter
{
    /// <summary>The breaks.csv columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "break_id", "profile", "break_type", "severity", "status", "side", "key", "field", "left_value", "right_value",
        "difference", "financial_impact", "currency", "match_pass", "left_record", "right_record", "age_days", "due_date", "overdue",
    ];

    /// <summary>Writes the header and one row per break; leaves the stream open.</summary>
    public static void Write(Stream stream, IEnumerable<Break> breaks)
    {
        using var csv = CsvWriter.Create(stream, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen: true);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        csv.EndRecord();
        foreach (var b in breaks)
        {
            csv.WriteField(b.BreakId);
            csv.WriteField(b.Profile);
            csv.WriteField(b.BreakType);
            csv.WriteField(b.Severity.Name());
            csv.WriteField(b.Status.Name());
            csv.WriteField(b.Side);
            csv.WriteField(b.Key);
            csv.WriteField(b.Field);
            csv.WriteField(b.LeftValue);
            csv.WriteField(b.RightValue);
            csv.WriteField(b.Difference);
            csv.WriteField(b.FinancialImpact.ToString("0.00", CultureInfo.InvariantCulture));
            csv.WriteField(b.Currency);
            csv.WriteField(b.MatchPass.Name());
            csv.WriteField(b.LeftRecord?.ToString(CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(b.RightRecord?.ToString(CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(b.AgeDays?.ToString(CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(b.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(b.Overdue ? "true" : "false");
            csv.EndRecord();
        }
    }

    /// <summary>Writes breaks to a file.</summary>
    public static void WriteFile(string path, IEnumerable<Break> breaks)
    {
        using var stream = File.Create(path);
        Write(stream, breaks);
    }
}
