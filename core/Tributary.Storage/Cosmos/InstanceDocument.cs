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

/// <summary>An <see cref="ActivityRecord"/> as stored in the <c>history</c> container (partition key /instanceId).</summary>
internal sealed record ActivityDocument(
    string Id,
    string InstanceId,
    int Sequence,
    string Name,
    string? Result,
    FailureDetails? Failure,
    DateTimeOffset CompletedAt)
{
    public static ActivityDocument From(ActivityRecord record) =>
        new(record.DocumentId, record.InstanceId, record.Sequence, record.Name, record.Result, record.Failure, record.CompletedAt);

    public ActivityRecord ToRecord() => new(InstanceId, Sequence, Name, Result, Failure, CompletedAt);
}
