using System.Diagnostics;
using System.Diagnostics.Metrics;
using Tributary.Pipeline.Runs;

namespace Tributary.Pipeline.Telemetry;

/// <summary>
/// The pipeline's own traces and metrics, the same in both hosts: one <see cref="ActivitySource"/> and one <see cref="Meter"/>
/// named <see cref="Name"/>, which a host subscribes to (serve: OTLP and Prometheus; Functions: OTLP and Azure Monitor). With
/// no listener, starting a span returns null and recording a measurement does nothing, so telemetry off costs nothing.
/// Labels are bounded (workload, status, break type, severity, decision); run ids go on spans and log scopes, never on metrics.
/// </summary>
public static class PipelineTelemetry
{
    /// <summary>The name of the source and the meter.</summary>
    public const string Name = "Tributary.Pipeline";

    /// <summary>Span attribute: the run's public id.</summary>
    public const string RunIdTag = "tributary.run.id";

    /// <summary>Span attribute: the workload kind (`hpi`, `gen`, `recon`, `forecast`).</summary>
    public const string WorkloadTag = "tributary.workload";

    /// <summary>Span attribute: the partition's index in its run's plan.</summary>
    public const string PartitionTag = "tributary.partition";

    /// <summary>Span attribute: the partition's id (batch, CBSA, bucket, vendor group).</summary>
    public const string PartitionIdTag = "tributary.partition.id";

    /// <summary>Span attribute: rows a step handled (generated transactions, reconciled records, sales rows, HPI transactions read).</summary>
    public const string RowsTag = "tributary.rows";

    /// <summary>Span attribute: repeat-sale pairs an HPI partition indexed.</summary>
    public const string PairsTag = "tributary.pairs";

    /// <summary>Span attribute: how many partitions a plan made.</summary>
    public const string PartitionsTag = "tributary.partitions";

    /// <summary>The pipeline's spans: plan, partition, finalize, quarantine, drop, timer, re-run and break moves.</summary>
    public static readonly ActivitySource Source = new(Name, Version);

    /// <summary>The pipeline's instruments.</summary>
    public static readonly Meter Meter = new(Name, Version);

    // Buckets in seconds: a run lasts seconds to hours, a partition milliseconds to minutes.
    private static readonly IReadOnlyList<double> RunBuckets = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400];
    private static readonly IReadOnlyList<double> PartitionBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    /// <summary>`tributary_runs_started_total{workload}`: runs whose orchestration began (counted once, not on replay).</summary>
    public static readonly Counter<long> RunsStarted = Meter.CreateCounter<long>("tributary.runs.started", "{run}", "Runs whose orchestration began.");

    /// <summary>`tributary_runs_finished_total{workload,status}`: runs that completed, failed or were terminated.</summary>
    public static readonly Counter<long> RunsFinished = Meter.CreateCounter<long>("tributary.runs.finished", "{run}", "Runs that reached Completed, Failed or Terminated.");

    /// <summary>`tributary_run_duration_seconds{workload,status}`: from the orchestration's start to its end.</summary>
    public static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>(
        "tributary.run.duration", "s", "Time from a run's orchestration start to its end.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = RunBuckets });

    /// <summary>`tributary_partition_duration_seconds{workload}`: one partition activity attempt that succeeded.</summary>
    public static readonly Histogram<double> PartitionDuration = Meter.CreateHistogram<double>(
        "tributary.partition.duration", "s", "Time one partition took (successful attempts).", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = PartitionBuckets });

    /// <summary>`tributary_rows_processed_total{workload}`: HPI transactions read, transactions generated, records reconciled, sales rows.</summary>
    public static readonly Counter<long> RowsProcessed = Meter.CreateCounter<long>("tributary.rows.processed", "{row}", "Input or output rows the workloads handled.");

    /// <summary>`tributary_recon_breaks_total{break_type,severity}`: breaks the reconciliation found.</summary>
    public static readonly Counter<long> ReconBreaks = Meter.CreateCounter<long>("tributary.recon.breaks", "{break}", "Breaks found by reconciliation runs.");

    /// <summary>`tributary_recon_break_moves_total{status}`: breaks moved along the workflow by reviewers.</summary>
    public static readonly Counter<long> BreakMoves = Meter.CreateCounter<long>("tributary.recon.break_moves", "{break}", "Breaks moved along the review workflow, by target status.");

    /// <summary>`tributary_drops_total{workload,decision}`: drop triggers seen, by what became of them.</summary>
    public static readonly Counter<long> Drops = Meter.CreateCounter<long>("tributary.drops", "{drop}", "Drop triggers seen: started, duplicate or quarantined.");

    private static readonly object Gate = new();
    private static readonly List<Func<IEnumerable<KeyValuePair<string, long>>>> ActiveRunSources = [];

    /// <summary>`tributary_runs_active{workload}`: unfinished runs, as the hosts that registered a source see them.</summary>
    public static readonly ObservableGauge<long> RunsActive = Meter.CreateObservableGauge("tributary.runs.active", ObserveActiveRuns, "{run}", "Runs not yet finished (Pending or Running), by workload.");

    private static string Version => typeof(PipelineTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>
    /// Registers where the active-run gauge reads from (counts by workload; a host's cached view of its task hub). Dispose the
    /// result to stop. Called by a host, not per run.
    /// </summary>
    public static IDisposable ObserveActiveRuns(Func<IEnumerable<KeyValuePair<string, long>>> counts)
    {
        lock (Gate)
        {
            ActiveRunSources.Add(counts);
        }

        return new Registration(counts);
    }

    /// <summary>Counts a run whose orchestration began.</summary>
    public static void RunStarted(string kind) => RunsStarted.Add(1, new KeyValuePair<string, object?>("workload", kind));

    /// <summary>Counts a finished run and records how long it took.</summary>
    public static void RunEnded(string kind, RuntimeStatus status, TimeSpan took)
    {
        var tags = new TagList { { "workload", kind }, { "status", status.ToString() } };
        RunsFinished.Add(1, tags);
        RunDuration.Record(Math.Max(0, took.TotalSeconds), tags);
    }

    /// <summary>Counts rows a workload handled.</summary>
    public static void Rows(string kind, long rows)
    {
        if (rows > 0)
        {
            RowsProcessed.Add(rows, new KeyValuePair<string, object?>("workload", kind));
        }
    }

    /// <summary>Counts one break found.</summary>
    public static void BreakFound(string breakType, string severity) =>
        ReconBreaks.Add(1, new KeyValuePair<string, object?>("break_type", breakType), new KeyValuePair<string, object?>("severity", severity));

    /// <summary>Counts a drop trigger by its decision (`started`, `duplicate`, `quarantined`).</summary>
    public static void Drop(string kind, string decision) =>
        Drops.Add(1, new KeyValuePair<string, object?>("workload", kind), new KeyValuePair<string, object?>("decision", decision));

    /// <summary>
    /// Starts a span of a run's step (`plan gen`, `partition gen`, ...) as a child of the current one (Durable's activity span),
    /// carrying the run id and workload; null when nobody listens.
    /// </summary>
    public static Activity? StartStep(string step, string kind, string runId)
    {
        var activity = Source.StartActivity($"{step} {kind}", ActivityKind.Internal);
        activity?.SetTag(RunIdTag, runId);
        activity?.SetTag(WorkloadTag, kind);
        return activity;
    }

    /// <summary>
    /// Starts a span of one part of a step (`plan recon: parse`), a child of the step's span: where a step's time goes,
    /// which the bench breaks down (its name keeps the step first, so requests made inside still count to the step).
    /// </summary>
    public static Activity? StartPhase(string step, string kind, string phase) =>
        Source.StartActivity($"{step} {kind}: {phase}", ActivityKind.Internal);

    /// <summary>
    /// Starts the root span of something an event began (a drop seen, a timer fired): a new trace, linked to the span that was
    /// current (the watcher's scan, the Functions invocation), so the run it starts has a trace of its own.
    /// </summary>
    public static Activity? StartEventRoot(string name, ActivityContext? link = null)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var current = Activity.Current;
        var links = (link ?? current?.Context) is { } linked && linked != default ? new[] { new ActivityLink(linked) } : null;
        Activity.Current = null;
        try
        {
            return Source.StartActivity(name, ActivityKind.Internal, parentContext: default, links: links);
        }
        finally
        {
            // The new root becomes current in this async flow only through the returned span's lifetime, as for any span.
            if (Activity.Current is null)
            {
                Activity.Current = current;
            }
        }
    }

    /// <summary>Marks a span failed: error status with the message, the exception's type as `error.type`, and the exception event.</summary>
    public static void Failed(Activity? activity, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, error.Message);
        activity.SetTag("error.type", error.GetType().FullName);
        activity.AddException(error);
    }

    private static IEnumerable<Measurement<long>> ObserveActiveRuns()
    {
        Func<IEnumerable<KeyValuePair<string, long>>>[] sources;
        lock (Gate)
        {
            sources = [.. ActiveRunSources];
        }

        foreach (var source in sources)
        {
            foreach (var (kind, count) in source())
            {
                yield return new Measurement<long>(count, new KeyValuePair<string, object?>("workload", kind));
            }
        }
    }

    private sealed class Registration(Func<IEnumerable<KeyValuePair<string, long>>> counts) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate)
            {
                ActiveRunSources.Remove(counts);
            }
        }
    }
}
