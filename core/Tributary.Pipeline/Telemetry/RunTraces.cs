using System.Diagnostics;
using System.Text.Json;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Telemetry;

/// <summary>
/// Which trace a run belongs to. The span current when a run is scheduled (the HTTP request continuing a caller's
/// traceparent, a drop's or timer's root span) is written into the run's input as a W3C traceparent, so
/// `GET /api/runs/{id}` can show the trace id and a re-run can link to the run it repeats. Durable carries the context to
/// the orchestration and activities itself; this is only the record of it.
/// </summary>
public static class RunTraces
{
    /// <summary>The request with the current span's traceparent, when there is a current W3C span.</summary>
    public static RunRequest Stamp(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? request with { TraceParent = current.Id } : request;
    }

    /// <summary>
    /// Starts the span of a re-run (`rerun {kind}`) under the current one (the request), linked to the trace of the run it
    /// repeats; the re-run is scheduled inside it, so it is the re-run's trace. Null when nobody listens.
    /// </summary>
    public static Activity? StartRerun(string kind, string originalRunId, string? originalTraceParent)
    {
        if (!PipelineTelemetry.Source.HasListeners())
        {
            return null;
        }

        var links = ContextOf(originalTraceParent) is { } original ? new[] { new ActivityLink(original) } : null;
        var activity = PipelineTelemetry.Source.StartActivity($"rerun {kind}", ActivityKind.Internal, Activity.Current?.Context ?? default, links: links);
        activity?.SetTag(PipelineTelemetry.WorkloadTag, kind);
        activity?.SetTag("tributary.rerun.of", originalRunId);
        return activity;
    }

    /// <summary>The context a traceparent names, or null when it is missing or malformed.</summary>
    public static ActivityContext? ContextOf(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context : null;

    /// <summary>The trace id of a run from its stored input (JSON of a <see cref="RunRequest"/>), or null.</summary>
    public static string? TraceIdOf(string? inputJson)
    {
        if (string.IsNullOrEmpty(inputJson))
        {
            return null;
        }

        try
        {
            using var input = JsonDocument.Parse(inputJson);
            return input.RootElement.ValueKind == JsonValueKind.Object
                && input.RootElement.TryGetProperty("traceParent", out var parent) && parent.ValueKind == JsonValueKind.String
                && ContextOf(parent.GetString()) is { } context
                ? context.TraceId.ToHexString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
