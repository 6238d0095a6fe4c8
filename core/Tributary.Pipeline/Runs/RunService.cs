using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Outcomes;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Runs;

/// <summary>
/// The run operations both hosts call, over <see cref="IRunClient"/>: one entry point that hands each to the class doing
/// that one job (<see cref="RunStarts"/>, <see cref="RunLookup"/>, <see cref="RunListing"/>, <see cref="RunTermination"/>,
/// <see cref="RunPurges"/>). Each host only binds the route and maps the <see cref="RequestOutcome{T}"/> to HTTP.
/// </summary>
public sealed class RunService
{
    private readonly RunStarts _starts;
    private readonly RunLookup _lookup;
    private readonly RunListing _listing;
    private readonly RunTermination _termination;
    private readonly RunPurges _purges;
    private readonly RunIndex _index;

    /// <summary>The run operations over one client, with the workloads and ports they run on.</summary>
    /// <param name="index">The process's run index (a host that makes a service per request passes its one); a new one when null.</param>
    public RunService(IRunClient client, IReadOnlyDictionary<string, IWorkload> workloads, PipelineServices services, RunIndex? index = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        Client = client;
        Workloads = workloads;
        Services = services;
        index ??= new RunIndex(services.Blobs);
        _index = index;
        _lookup = new RunLookup(client, workloads.Keys);
        _starts = new RunStarts(client, workloads, _lookup, new RunLineage(services.Blobs), index);
        _listing = new RunListing(client, workloads, index, services.Logs?.CreateLogger<RunListing>());
        _termination = new RunTermination(client, workloads, services, _lookup, index);
        _purges = new RunPurges(client, workloads, _lookup, index, services.Blobs);
    }

    /// <summary>The workloads by kind.</summary>
    public IReadOnlyDictionary<string, IWorkload> Workloads { get; }

    /// <summary>The client the service runs on.</summary>
    public IRunClient Client { get; }

    /// <summary>The ports the workloads run on.</summary>
    public PipelineServices Services { get; }

    /// <inheritdoc cref="RunStarts.StartAsync"/>
    public Task<RequestOutcome<RunStarted>> StartAsync(string kind, StartRunRequest start, CancellationToken cancellationToken) =>
        _starts.StartAsync(kind, start, cancellationToken);

    /// <inheritdoc cref="RunStarts.StartForEventAsync"/>
    public Task<bool> StartForEventAsync(string kind, string runId, RunRequest request, CancellationToken cancellationToken) =>
        _starts.StartForEventAsync(kind, runId, request, cancellationToken);

    /// <inheritdoc cref="RunStarts.RerunAsync"/>
    public Task<RequestOutcome<RunStarted>> RerunAsync(string id, CancellationToken cancellationToken) => _starts.RerunAsync(id, cancellationToken);

    /// <inheritdoc cref="RunLookup.FindAsync"/>
    public Task<RunState?> FindAsync(string runId, bool withInputsAndOutputs, CancellationToken cancellationToken) =>
        _lookup.FindAsync(runId, withInputsAndOutputs, cancellationToken);

    /// <inheritdoc cref="RunLookup.View"/>
    public static RunStatusView View(RunState state) => RunLookup.View(state);

    /// <inheritdoc cref="RunLookup.GetAsync"/>
    public Task<RequestOutcome<RunStatusView>> GetAsync(string id, CancellationToken cancellationToken) => _lookup.GetAsync(id, cancellationToken);

    /// <summary>
    /// Builds the run index from the task hub unless it is built (hosts call this as they start, in the background; a
    /// brand-new hub is marked built at once). Listings answer from the task hub until it is done.
    /// </summary>
    public Task BuildIndexAsync(CancellationToken cancellationToken) =>
        _index.BuildAsync(Client, Workloads.Keys.Order(StringComparer.Ordinal), cancellationToken);

    /// <summary>True when the run index is built or needed no build (a brand-new hub, marked built now); two quick calls, for a host's start.</summary>
    public Task<bool> TryMarkIndexBuiltAsync(CancellationToken cancellationToken) => _index.TryMarkBuiltAsync(Client, cancellationToken);

    /// <inheritdoc cref="RunListing.ListAsync"/>
    public Task<RequestOutcome<RunPage>> ListAsync(RunListFilter filter, CancellationToken cancellationToken) => _listing.ListAsync(filter, cancellationToken);

    /// <inheritdoc cref="RunTermination.TerminateAsync"/>
    public Task<RequestOutcome<RunStatusView>> TerminateAsync(string id, string? reason, CancellationToken cancellationToken) =>
        _termination.TerminateAsync(id, reason, cancellationToken);

    /// <inheritdoc cref="RunPurges.PurgeAsync"/>
    public Task<RequestOutcome<PurgeSummary>> PurgeAsync(string id, CancellationToken cancellationToken) => _purges.PurgeAsync(id, cancellationToken);

    /// <inheritdoc cref="RunPurges.PurgeFinishedBeforeAsync"/>
    public Task<int> PurgeFinishedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        _purges.PurgeFinishedBeforeAsync(cutoff, cancellationToken);
}

/// <summary>A start's result: the run id and whether this request created the run.</summary>
public sealed record RunStarted(string Id, bool Created);

/// <summary>What a purge removed: Durable instances (the run and its children) and result items (documents and blobs).</summary>
public sealed record PurgeSummary(int InstancesDeleted, int ResultsDeleted);
