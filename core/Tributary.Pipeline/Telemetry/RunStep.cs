using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Telemetry;

/// <summary>
/// One step of a run as an activity executes it: its span (`plan gen`, `partition gen`, ...) under Durable's activity span,
/// and a log scope carrying the run id and workload, so every log line of the step names its run and its trace.
/// </summary>
public sealed class RunStep : IDisposable
{
    /// <summary>The log category of the pipeline's run steps.</summary>
    public const string LogCategory = "Tributary.Pipeline.Runs";

    private readonly IDisposable? _scope;

    private RunStep(Activity? span, ILogger log, IDisposable? scope)
    {
        Span = span;
        Log = log;
        _scope = scope;
    }

    /// <summary>The step's span; null when nobody listens.</summary>
    public Activity? Span { get; }

    /// <summary>The logger to use inside the step (its scope is open).</summary>
    public ILogger Log { get; }

    /// <summary>Starts the step's span and opens its log scope.</summary>
    public static RunStep Begin(PipelineServices services, string step, string kind, string runId)
    {
        ArgumentNullException.ThrowIfNull(services);
        var span = PipelineTelemetry.StartStep(step, kind, runId);
        var log = (services.Logs ?? NullLoggerFactory.Instance).CreateLogger(LogCategory);
        return new RunStep(span, log, log.BeginScope(new RunLogScope(runId, kind)));
    }

    /// <summary>Marks the step failed (span status and a warning naming the run).</summary>
    public void Fail(Exception error, string step, string runId)
    {
        PipelineTelemetry.Failed(Span, error);
        Log.LogWarning(error, "Step {Step} of run {RunId} failed: {ErrorType}", step, runId, error.GetType().FullName);
    }

    /// <summary>Ends the span, then closes the scope.</summary>
    public void Dispose()
    {
        Span?.Dispose();
        _scope?.Dispose();
    }
}

/// <summary>
/// The log scope of a run: `RunId` and `Workload` as properties, which the JSON console formatter writes into the line's
/// scopes next to the TraceId and SpanId of the current span.
/// </summary>
public sealed class RunLogScope(string runId, string workload) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public string RunId => runId;

    public string Workload => workload;

    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("RunId", runId),
        1 => new("Workload", workload),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"run {runId} ({workload})";
}
