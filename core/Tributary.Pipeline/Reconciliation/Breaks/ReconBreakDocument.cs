using Tributary.Reconciliation.Breaks;
using Tributary.Reconciliation.Workflow;

namespace Tributary.Pipeline.Reconciliation;

/// <summary>
/// One break in the `recon-breaks` container (partition key `runId`, id = the engine's stable break id, so a re-run bucket
/// overwrites its breaks). Severity, type and status are top-level strings so the read API filters inside one partition.
/// Status, assignee and history are the workflow's; a later run on the same input carries them forward (<see cref="BreakCarryOver"/>).
/// Left and right record are the 1-based data-record numbers in the run's input files; due date and overdue come from the
/// profile's per-severity service levels (overdue: open past the due date at the run's as-of date, cleared when closed);
/// <c>Suggestions</c> lists the ids of the run's suggestions that would clear it; a break closed by accepting one names it
/// in <c>MatchedBySuggestion</c>.
/// </summary>
public sealed record ReconBreakDocument(
    string Id,
    string RunId,
    string Profile,
    string Type,
    string Severity,
    string Status,
    string Side,
    string Key,
    string Field,
    string LeftValue,
    string RightValue,
    string Difference,
    decimal FinancialImpact,
    string Currency,
    string MatchPass,
    int? AgeDays,
    IReadOnlyList<StatusChange> History,
    string? Assignee = null,
    int? LeftRecord = null,
    int? RightRecord = null,
    DateOnly? DueDate = null,
    bool Overdue = false,
    string? MatchedBySuggestion = null,
    IReadOnlyList<string>? Suggestions = null)
{
    /// <summary>The document of a freshly found break.</summary>
    public static ReconBreakDocument From(string runId, Break found) =>
        new(found.BreakId, runId, found.Profile, found.BreakType, found.Severity.Name(), found.Status.Name(), found.Side, found.Key, found.Field,
            found.LeftValue, found.RightValue, found.Difference, found.FinancialImpact, found.Currency,
            System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(found.MatchPass.ToString()), found.AgeDays, [],
            LeftRecord: found.LeftRecord, RightRecord: found.RightRecord, DueDate: found.DueDate, Overdue: found.Overdue);
}
