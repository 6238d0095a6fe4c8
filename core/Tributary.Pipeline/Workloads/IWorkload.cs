using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Ports;

namespace Tributary.Pipeline.Workloads;

/// <summary>
/// One kind of partitioned work (house price index, generation, reconciliation). Implementing these four steps is all a new
/// workload needs: <see cref="Orchestration.WorkloadOrchestrator"/> turns them into plan → fan-out → fan-in → finalize with retries,
/// progress, sub-orchestrations for large fan-outs, quarantine of bad input and a run-completed event.
/// Every step exchanges references (blob paths, ids) and small summaries, never bulk data.
/// </summary>
public interface IWorkload
{
    /// <summary>Short name used in routes, instance kinds and activity names: `hpi`, `gen`, `recon`.</summary>
    string Kind { get; }

    /// <summary>The drop folder convention that triggers this workload, or null when it is only started over HTTP or timers.</summary>
    DropConvention? Drop { get; }

    /// <summary>Checks a request before anything starts (no I/O); each error names the offending field.</summary>
    IReadOnlyList<InputError> Validate(RunRequest request);

    /// <summary>
    /// Checks the names a request gives the run's results (a dataset, say), no I/O. A drop whose names fail is quarantined
    /// when it is accepted, before any run starts; <see cref="Validate"/> should report them too, for starts over HTTP.
    /// </summary>
    IReadOnlyList<InputError> ValidateNames(RunRequest request) => [];

    /// <summary>Reads and validates the input, writes one blob per partition and returns their references.</summary>
    /// <exception cref="InvalidInputException">The input is unusable; the run fails and a dropped input is quarantined.</exception>
    Task<WorkloadPlan> PlanAsync(string runId, RunRequest request, CancellationToken cancellationToken);

    /// <summary>Computes one partition (idempotently: outputs have deterministic ids) and returns a small summary.</summary>
    Task<JsonElement> RunPartitionAsync(string runId, WorkloadPlan plan, PartitionRef partition, CancellationToken cancellationToken);

    /// <summary>
    /// What a partition handled, read from the summary <see cref="RunPartitionAsync"/> returned: rows (generated
    /// transactions, reconciled records, sales rows) or pairs (HPI). Feeds the partition span and `tributary_rows_processed_total`.
    /// </summary>
    PartitionWork WorkOf(JsonElement partitionSummary) => PartitionWork.None;

    /// <summary>Rows the plan itself read and counted as processed (HPI's transactions, which no partition reads again); 0 otherwise.</summary>
    long RowsPlanned(WorkloadPlan plan) => 0;

    /// <summary>Aggregates the partition summaries, persists the run's results and returns the run summary.</summary>
    Task<JsonElement> FinalizeAsync(string runId, RunRequest request, WorkloadPlan plan, IReadOnlyList<JsonElement> summaries, CancellationToken cancellationToken);

    /// <summary>Deletes everything the run wrote (result documents, staged and output blobs); returns how many items went.</summary>
    Task<int> PurgeResultsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Deletes the run's staged partitions once it has finished (completed or failed); returns how many blobs went.</summary>
    Task<int> RemoveStagingAsync(string runId, CancellationToken cancellationToken) => Task.FromResult(0);

    /// <summary>
    /// Deletes what a terminated run wrote, called by each of its activities that ends after the terminate (so the last one
    /// to end leaves nothing). <paramref name="plan"/> is the run's plan when the activity has it (partitions, finalize), for
    /// a workload whose results cannot be found from the run id alone.
    /// </summary>
    Task<int> PurgeStoppedAsync(string runId, WorkloadPlan? plan, CancellationToken cancellationToken) => PurgeResultsAsync(runId, cancellationToken);
}

/// <summary>What starts a run: where its input lies and the workload's parameters (an HTTP body or a drop's manifest).</summary>
/// <param name="Source">Folder holding the input files, when the workload reads files.</param>
/// <param name="Parameters">Workload-specific parameters as JSON.</param>
/// <param name="Drop">The drop that triggered the run, so bad input can be quarantined.</param>
/// <param name="PreviousRunId">
/// The run this one follows on the same input (a re-run's original, or the last completed run of the same source), whose
/// results it carries forward (reconciliation breaks keep their workflow); null for a first run.
/// </param>
/// <param name="TraceParent">
/// The W3C traceparent of the span that scheduled the run (<see cref="Telemetry.RunTraces"/>): the run's trace, shown by
/// `GET /api/runs/{id}` and linked to by its re-runs; null when no span was current.
/// </param>
public sealed record RunRequest(BlobFolder? Source, JsonElement? Parameters, DropRef? Drop = null, string? PreviousRunId = null, string? TraceParent = null);

/// <summary>A folder of blobs: container and path prefix ending in '/' (or empty).</summary>
public sealed record BlobFolder(string Container, string Prefix)
{
    /// <summary>The blob of a file in this folder.</summary>
    public BlobRef File(string name) => new(Container, Prefix + name);
}

/// <summary>The drop blob that triggered a run and the blobs that came with it.</summary>
/// <param name="Trigger">The blob whose arrival started the run (a manifest or a request file).</param>
/// <param name="ETag">The trigger's ETag when seen.</param>
/// <param name="Blobs">Every blob of the drop, quarantined together when the input is rejected.</param>
public sealed record DropRef(BlobRef Trigger, string ETag, IReadOnlyList<BlobRef> Blobs);

/// <summary>The result of planning: partitions in a fixed order and small shared context for every partition.</summary>
/// <param name="Context">Small JSON every partition and the finalize step need (e.g. the dataset id), not bulk data.</param>
public sealed record WorkloadPlan(IReadOnlyList<PartitionRef> Partitions, JsonElement? Context = null);

/// <summary>What one partition handled: rows counted as processed, and HPI's repeat-sale pairs.</summary>
public readonly record struct PartitionWork(long Rows, long Pairs = 0)
{
    /// <summary>Nothing counted.</summary>
    public static PartitionWork None => default;
}

/// <summary>One unit of fan-out: a stable id (CBSA, batch, bucket) and where its input was staged.</summary>
public sealed record PartitionRef(string Id, BlobRef? Input = null);

/// <summary>How drops of a workload look.</summary>
/// <param name="Container">The drop container, e.g. `hpi-drop`.</param>
/// <param name="FolderTrigger">
/// Name of the file whose arrival (written last) triggers a run of the folder it lies in, e.g. `manifest.json`; null when
/// every `.json` file at the container root is a request by itself (gen-requests).
/// </param>
/// <param name="RequiredFiles">Files a folder drop must hold besides its trigger (listed as missing by `GET /api/drops`, awaited by the plan).</param>
/// <param name="TriggerName">
/// The name of the Functions app's blob trigger for this container, which infra/main.bicep's Event Grid subscription
/// names too; null for `{Kind}Drop` (`HpiDrop`). Deployed names are contracts: a renamed trigger orphans its subscription.
/// </param>
public sealed record DropConvention(string Container, string? FolderTrigger, IReadOnlyList<string>? RequiredFiles = null, string? TriggerName = null)
{
    /// <summary>The required files, none when unset.</summary>
    public IReadOnlyList<string> Required => RequiredFiles ?? [];
}
