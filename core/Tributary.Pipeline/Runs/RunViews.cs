using System.Text.Json;

namespace Tributary.Pipeline.Runs;

/// <summary>The body of POST /api/runs/{kind}: an optional caller id, the input folder and the workload's parameters.</summary>
public sealed record StartRunBody(string? Id, SourceBody? Source, JsonElement? Parameters);

/// <summary>A folder of blobs in the request body.</summary>
public sealed record SourceBody(string? Container, string? Prefix);

/// <summary>The 202 answer to a start, as Durable's HTTP API gives it: the id and where to poll, terminate and purge.</summary>
public sealed record RunLinks(string Id, string StatusQueryGetUri, string TerminatePostUri, string PurgeDeleteUri);

/// <summary>An instance as GET /api/runs/{id} shows it, in both hosts.</summary>
/// <param name="TraceId">The run's trace (W3C trace id, 32 hex digits), to find it in a tracing backend; null when none was current at start.</param>
public sealed partial record RunStatusView(
    string Id,
    string Kind,
    RuntimeStatus RuntimeStatus,
    JsonElement? Input,
    JsonElement? CustomStatus,
    JsonElement? Output,
    FailureDetails? Failure,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    string? TraceId = null)
{
    /// <summary>The view of a run's state; a failure says what went wrong in the input's or the step's words, without the engine's framing or a stack trace.</summary>
    public static RunStatusView From(RunState state) =>
        new(state.Id, state.Kind, state.Status, Json(state.Input), Json(state.CustomStatus), Json(state.Output),
            state.Failure is { } failure ? failure with { Message = FailureMessage(failure.Message), StackTrace = null } : null, state.CreatedAt, state.LastUpdatedAt,
            Telemetry.RunTraces.TraceIdOf(state.Input));

    /// <summary>
    /// A run's failure message without the engine's framing: the Durable Task SDK wraps an activity's error as
    /// "Task 'forecast_plan' (#0) failed with an unhandled exception: …" (once per level); only the cause is for the reader.
    /// </summary>
    public static string FailureMessage(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message;
        while (EngineFraming().Match(text) is { Success: true } match)
        {
            text = text[match.Length..];
        }

        return text;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:Task|Sub-orchestration|Orchestration) '[^']*' \(#\d+\) failed with an unhandled exception: ")]
    private static partial System.Text.RegularExpressions.Regex EngineFraming();

    // The framework stores a termination reason as plain text, not JSON: shown as a string rather than failing the read.
    private static JsonElement? Json(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(json);
        }
    }
}

/// <summary>One page of GET /api/runs.</summary>
/// <param name="Order">
/// <see cref="RunOrder.NewestFirst"/>, or <see cref="RunOrder.TaskHub"/> while the host is still building its run index (a
/// hub older than the index): every run is listed either way, only the order differs.
/// </param>
public sealed record RunPage(IReadOnlyList<RunStatusView> Items, string? ContinuationToken, string Order = RunOrder.NewestFirst);

/// <summary>The orders a run listing comes in.</summary>
public static class RunOrder
{
    /// <summary>Newest first across pages and kinds (the run index).</summary>
    public const string NewestFirst = "newestFirst";

    /// <summary>Kind by kind, each in the task hub's own order (by instance id on Azure Storage), while the run index is being built.</summary>
    public const string TaskHub = "taskHub";
}
