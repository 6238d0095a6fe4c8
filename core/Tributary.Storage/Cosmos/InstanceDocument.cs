using System.Text.Json.Serialization;
using Tributary.Pipeline.Durable;

namespace Tributary.Storage.Cosmos;

/// <summary>
/// An <see cref="InstanceState"/> as stored in the <c>instances</c> container. Input, output and custom status stay
/// JSON strings (they are small references, and the engine owns their shape); times are sortable UTC strings.
/// </summary>
internal sealed record InstanceDocument(
    string Id,
    string Kind,
    RuntimeStatus Status,
    string? Input,
    string? Output,
    string? CustomStatus,
    FailureDetails? Failure,
    string CreatedAt,
    string LastUpdatedAt,
    [property: JsonPropertyName("_etag"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ETag = null)
{
    public static InstanceDocument From(InstanceState state) => new(
        state.Id, state.Kind, state.Status, state.Input, state.Output, state.CustomStatus, state.Failure,
        SortableTime.ToText(state.CreatedAt), SortableTime.ToText(state.LastUpdatedAt));

    public InstanceState ToState() => new(
        Id, Kind, Status, Input, Output, CustomStatus, Failure, SortableTime.Parse(CreatedAt), SortableTime.Parse(LastUpdatedAt), ETag);
}

/// <summary>One history write as stored in the <c>history</c> container (partition key /instanceId): the calls of one instance that completed together.</summary>
internal sealed record HistoryDocument(string Id, string InstanceId, IReadOnlyList<HistoryDocument.Call> Calls)
{
    // DocumentId has checked that every record is of records[0]'s instance.
    public static HistoryDocument From(IReadOnlyList<ActivityRecord> records) =>
        new(HistoryBatch.DocumentId(records), records[0].InstanceId, records.Select(r => new Call(r.Sequence, r.Name, r.Result, r.Failure, r.CompletedAt)).ToList());

    public IEnumerable<ActivityRecord> ToRecords() => Calls.Select(c => new ActivityRecord(InstanceId, c.Sequence, c.Name, c.Result, c.Failure, c.CompletedAt));

    /// <summary>One completed call inside a history write.</summary>
    internal sealed record Call(int Sequence, string Name, string? Result, FailureDetails? Failure, DateTimeOffset CompletedAt);
}
