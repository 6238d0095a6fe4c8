using Tributary.Reconciliation.Suggestions;

namespace Tributary.Pipeline.Reconciliation;

/// <summary>
/// One suggested match in the `recon-suggestions` container (partition key `runId`, id = the grouping's fingerprint, the
/// same on every run of the same input). Kind and status are top-level strings so the read API filters inside one
/// partition. Status is `proposed` until a person accepts (its breaks closed as matched by it) or rejects it (never
/// suggested again in a re-run); the decision records who, when and why, and a re-run carries it (<see cref="SuggestionCarryOver"/>).
/// </summary>
public sealed record ReconSuggestionDocument(
    string Id,
    string RunId,
    string Profile,
    string Kind,
    string Partition,
    IReadOnlyList<int> LeftRecords,
    IReadOnlyList<int> RightRecords,
    IReadOnlyList<string> BreakIds,
    double Confidence,
    string Explanation,
    string WouldMatchIf,
    decimal Value,
    string Status,
    SuggestionDecision? Decision = null)
{
    /// <summary>Not decided yet.</summary>
    public const string Proposed = "proposed";

    /// <summary>Accepted: its breaks were closed as matched by it.</summary>
    public const string Accepted = "accepted";

    /// <summary>Rejected: a re-run of the same input does not suggest it again.</summary>
    public const string Rejected = "rejected";

    /// <summary>The statuses, in workflow order.</summary>
    public static IReadOnlyList<string> Statuses { get; } = [Proposed, Accepted, Rejected];

    /// <summary>The document of a suggestion a bucket made.</summary>
    public static ReconSuggestionDocument From(string runId, Suggestion suggestion) =>
        new(suggestion.SuggestionId, runId, suggestion.Profile, suggestion.Kind.Name(), suggestion.Partition, suggestion.LeftRecords,
            suggestion.RightRecords, suggestion.BreakIds, Math.Round(suggestion.Confidence, 4), suggestion.Explanation, suggestion.WouldMatchIf,
            suggestion.Value, Proposed);
}

/// <summary>Who accepted or rejected a suggestion (display name and stable id of the caller), when, why, and in which run.</summary>
public sealed record SuggestionDecision(string Actor, string? ActorId, DateTimeOffset At, string? Comment, string RunId);
