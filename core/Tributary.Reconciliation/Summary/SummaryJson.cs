using System.Text.Json;
using Tributary.Reconciliation.Breaks;

namespace Tributary.Reconciliation.Summary;

/// <summary>Reads and writes summary.json (System.Text.Json, snake_case).</summary>
public static class SummaryJson
{
    /// <summary>Writes a summary to a stream.</summary>
    public static void Write(Stream stream, ReconciliationSummary summary) =>
        JsonSerializer.Serialize(stream, summary, BreakJson.Options);

    /// <summary>Writes a summary to a file.</summary>
    public static void WriteFile(string path, ReconciliationSummary summary)
    {
        using var stream = File.Create(path);
        Write(stream, summary);
    }

    /// <summary>Reads a summary back (a finalize step merges the ones its buckets wrote).</summary>
    public static ReconciliationSummary Read(Stream stream) =>
        JsonSerializer.Deserialize<ReconciliationSummary>(stream, BreakJson.Options)
        ?? throw new InvalidDataException("empty summary document");
}
