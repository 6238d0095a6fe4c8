using System.Globalization;
using System.Text.Json;

namespace Tributary.Pipeline.Runs;

/// <summary>
/// Reads the activity steps out of a history as DurableTask.Core's clients serialise it (a JSON array of history events,
/// Newtonsoft's PascalCase, <c>EventType</c> as its number or name), whatever type names the provider adds.
/// </summary>
public static class TaskHistoryJson
{
    // DurableTask.Core.History.EventType: TaskScheduled = 4, TaskCompleted = 5, TaskFailed = 6.
    private const int TaskScheduled = 4;
    private const int TaskCompleted = 5;
    private const int TaskFailed = 6;

    /// <summary>The activity steps of the serialised history, in its order.</summary>
    public static IReadOnlyList<TaskHistoryEvent> Parse(string? json)
    {
        var events = new List<TaskHistoryEvent>();
        if (string.IsNullOrWhiteSpace(json))
        {
            return events;
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return events;
        }

        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || Kind(item) is not { } kind)
            {
                continue;
            }

            var id = kind == TaskHistoryKind.Scheduled ? Int(item, "EventId") : Int(item, "TaskScheduledId");
            events.Add(new TaskHistoryEvent(kind, id, Text(item, "Name"), TagsOf(item), Time(item), kind == TaskHistoryKind.Failed ? FailureOf(item) : null));
        }

        return events;
    }

    private static TaskHistoryKind? Kind(JsonElement item)
    {
        if (!item.TryGetProperty("EventType", out var type))
        {
            return null;
        }

        var number = type.ValueKind == JsonValueKind.Number ? type.GetInt32() : type.GetString() switch
        {
            "TaskScheduled" => TaskScheduled,
            "TaskCompleted" => TaskCompleted,
            "TaskFailed" => TaskFailed,
            _ => -1,
        };
        return number switch
        {
            TaskScheduled => TaskHistoryKind.Scheduled,
            TaskCompleted => TaskHistoryKind.Completed,
            TaskFailed => TaskHistoryKind.Failed,
            _ => null,
        };
    }

    private static int Int(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : -1;

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, string>? TagsOf(JsonElement item)
    {
        if (!item.TryGetProperty("Tags", out var tags) || tags.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var read = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags.EnumerateObject())
        {
            if (tag.Value.ValueKind == JsonValueKind.String)
            {
                read[tag.Name] = tag.Value.GetString()!;
            }
        }

        return read;
    }

    private static DateTimeOffset Time(JsonElement item) =>
        Text(item, "Timestamp") is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : default;

    private static string? FailureOf(JsonElement item) =>
        item.TryGetProperty("FailureDetails", out var details) && details.ValueKind == JsonValueKind.Object && Text(details, "ErrorMessage") is { } message
            ? message
            : Text(item, "Reason");
}
