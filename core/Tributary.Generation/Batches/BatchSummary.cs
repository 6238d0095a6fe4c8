namespace Tributary.Generation.Batches;

/// <summary>
/// What one written batch file contains: small enough to return from a durable activity and to fan in.
/// Counts per type are keyed by label and sorted, so the serialized form is deterministic.
/// </summary>
public sealed record BatchSummary(
    int Index,
    string File,
    long Rows,
    long Bytes,
    string Sha256,
    long FraudRows,
    long AnomalyRows,
    SortedDictionary<string, long> FraudByType,
    SortedDictionary<string, long> AnomalyByType);

/// <summary>A reference-data file (customers or merchants) as written.</summary>
public sealed record FileSummary(string File, long Rows, long Bytes, string Sha256);
