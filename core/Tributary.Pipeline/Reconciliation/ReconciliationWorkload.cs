using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Matching;
using Tributary.Reconciliation.Partitioning;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;
using Tributary.Reconciliation.Suggestions;
using Tributary.Reconciliation.Summary;

namespace Tributary.Pipeline.Reconciliation;

/// <summary>
/// Reconciliation as a pipeline workload. Plan: when the run names no bucket count and both inputs together fit one partition
/// (<see cref="ReconciliationPlanner.MaxDirectInputBytes"/>, judged by their blob lengths), one direct partition that reads,
/// validates and reconciles the inputs itself as `recon run` does; otherwise validate left.csv and right.csv of the source
/// folder against the profile and stage one pair of bucket files (parsed columns, <see cref="BucketFile"/>) per key-hash
/// bucket. Partition: reconcile the whole input or one bucket, store its breaks, stage its summary.
/// Finalize: merge the bucket summaries into the run summary (written as summary.json) and, when the run follows an earlier
/// one on the same input, carry that run's break work forward (<see cref="BreakCarryOver"/>).
/// </summary>
public sealed partial class ReconciliationWorkload(PipelineServices services) : IWorkload
{
    public const string KindName = "recon";
    public const string StagingContainer = "recon-staging";
    public const string OutputContainer = "recon-output";
    public const long MaxFileBytes = 2L << 30;

    /// <summary>The container whose drops start runs of this workload.</summary>
    public const string DropContainer = "recon-drop";

    public string Kind => KindName;

    public DropConvention? Drop { get; } = new(DropContainer, "manifest.json", ["left.csv", "right.csv"]);

    public IReadOnlyList<InputError> Validate(RunRequest request)
    {
        var errors = new List<InputError>();
        if (request.Source is null)
        {
            errors.Add(new InputError("request", 0, "source", "the folder with left.csv and right.csv is required"));
        }

        if (Parameters(request, errors) is { } parameters)
        {
            if (parameters.Profile is null || !BuiltInProfiles.Names.Contains(parameters.Profile, StringComparer.Ordinal))
            {
                errors.Add(new InputError("request", 0, "parameters.profile", $"must be one of {string.Join(", ", BuiltInProfiles.Names)}"));
            }

            if (parameters.Buckets is < 1 or > ReconciliationPlanner.MaxBuckets)
            {
                errors.Add(new InputError("request", 0, "parameters.buckets", $"must be between 1 and {ReconciliationPlanner.MaxBuckets}"));
            }
        }

        return errors;
    }

    public async Task<WorkloadPlan> PlanAsync(string runId, RunRequest request, CancellationToken cancellationToken)
    {
        var parameters = Parameters(request, [])!;
        var profile = BuiltInProfiles.Get(parameters.Profile!);
        var leftBlob = request.Source!.File("left.csv");
        var rightBlob = request.Source.File("right.csv");
        // Staging is the price of splitting the work; an input that fits one partition is not split (Direct.cs).
        if (parameters.Buckets is null && await DirectInputAsync(leftBlob, rightBlob, cancellationToken).ConfigureAwait(false) is { } direct)
        {
            return await PlanDirectAsync(runId, request, profile, direct, cancellationToken).ConfigureAwait(false);
        }

        // Both downloads at once; each side is parsed as soon as it has arrived, the two sides on separate cores.
        // The plan's parts are spans (download, download and parse, stage, upload, suggestions): where its time goes.
        RecordTable leftTable, rightTable;
        using (Telemetry.PipelineTelemetry.StartPhase("plan", KindName, "download and parse"))
        {
            (leftTable, rightTable) = await ReconciliationPlanner.ParseAsync(profile,
                ReadBytesAsync(leftBlob, cancellationToken), leftBlob.ToString(), ReadBytesAsync(rightBlob, cancellationToken), rightBlob.ToString()).ConfigureAwait(false);
        }

        // A run that names no bucket count gets one by its size (ReconciliationPlanner.DefaultBuckets: 4 from 200,000 to 1,000,000 records).
        var buckets = parameters.Buckets ?? ReconciliationPlanner.DefaultBuckets(Math.Max(leftTable.Count, rightTable.Count));
        await services.Blobs.EnsureContainerAsync(StagingContainer, cancellationToken).ConfigureAwait(false);
        var folders = Enumerable.Range(0, buckets).Select(bucket => new BlobRef(StagingContainer, $"{runId}/b{bucket:D4}/")).ToArray();
        // Each bucket file is uploaded as soon as it is encoded, while the others are still being encoded.
        PartitionPlan plan;
        using (Telemetry.PipelineTelemetry.StartPhase("plan", KindName, "stage"))
        {
            plan = await ReconciliationPlanner.StageAsync(profile, leftTable, rightTable, buckets,
                async (bucket, side, bytes) =>
                {
                    using var upload = Telemetry.PipelineTelemetry.StartPhase("plan", KindName, "upload");
                    await services.Blobs.WriteAsync(BucketBlob(folders[bucket], side), new MemoryStream(bytes, writable: false), cancellationToken).ConfigureAwait(false);
                },
                weighSuggestions: true, cancellationToken).ConfigureAwait(false);
        }

        var partitions = folders.Select((folder, bucket) => new PartitionRef($"b{bucket:D4}", folder)).ToList();

        using var suggestionsPart = Telemetry.PipelineTelemetry.StartPhase("plan", KindName, "suggestions");
        var suggestions = await SuggestionStaging.StageAsync(services, runId, request.PreviousRunId, plan.Weights, cancellationToken).ConfigureAwait(false);
        var context = new ReconPlanContext(profile.Name, buckets, plan.AsOf, plan.LeftRecords.Sum(), plan.RightRecords.Sum(), suggestions);
        return new WorkloadPlan(partitions, JsonSerializer.SerializeToElement(context, DurableJson.Options));
    }

    /// <inheritdoc />
    public Task<int> RemoveStagingAsync(string runId, CancellationToken cancellationToken) =>
        RunResults.DeleteFoldersAsync(services.Blobs, runId, cancellationToken, StagingContainer);

    /// <summary>Deletes the run's breaks, suggestions and blobs, after archiving the breaks people worked and the suggestions they decided.</summary>
    public async Task<int> PurgeResultsAsync(string runId, CancellationToken cancellationToken)
    {
        await BreakArchive.ArchiveAsync(services.Documents, services.Blobs, runId, cancellationToken).ConfigureAwait(false);
        await SuggestionArchive.ArchiveAsync(services.Documents, services.Blobs, runId, cancellationToken).ConfigureAwait(false);
        return await RunResults.DeleteDocumentsAsync(services.Documents, ResultContainers.ReconBreaks, runId, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false)
            + await RunResults.DeleteDocumentsAsync(services.Documents, ResultContainers.ReconSuggestions, runId, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false)
            + await RunResults.DeleteFoldersAsync(services.Blobs, runId, cancellationToken, StagingContainer, OutputContainer).ConfigureAwait(false);
    }

    public async Task<JsonElement> RunPartitionAsync(string runId, WorkloadPlan plan, PartitionRef partition, CancellationToken cancellationToken)
    {
        var context = plan.Context!.Value.Deserialize<ReconPlanContext>(DurableJson.Options)!;
        var profile = BuiltInProfiles.Get(context.Profile);
        var folder = partition.Input!;
        if (context.Direct is { } direct)
        {
            return await RunDirectAsync(runId, context, profile, direct, partition, cancellationToken).ConfigureAwait(false);
        }

        // The fifth step runs with the run-wide field weights and without the groupings people rejected in earlier runs.
        // Its options and both sides of the bucket are fetched at once.
        var read = Telemetry.PipelineTelemetry.StartPhase("partition", KindName, "read");
        var optionsRead = SuggestionStaging.OptionsAsync(services, context.Suggestions, cancellationToken);
        var bucketRead = ReadStagedBucketAsync(profile, folder, cancellationToken);
        await Task.WhenAll(optionsRead, bucketRead).ConfigureAwait(false);
        read?.Dispose();
        var options = await optionsRead.ConfigureAwait(false);
        BucketResult result;
        using (Telemetry.PipelineTelemetry.StartPhase("partition", KindName, "reconcile"))
        {
            result = await bucketRead.ConfigureAwait(false) is var (leftTable, rightTable)
                ? BucketReconciler.Reconcile(profile, leftTable, rightTable, context.AsOf, options)
                : await ReconcileCsvBucketAsync(profile, folder, context.AsOf, options, cancellationToken).ConfigureAwait(false);
        }

        using (Telemetry.PipelineTelemetry.StartPhase("partition", KindName, "write"))
        {
            await StoreAsync(runId, result, cancellationToken).ConfigureAwait(false);
            return await StageSummaryAsync(partition, folder, result.Breaks.Count, result.Summary, cancellationToken).ConfigureAwait(false);
        }
    }

    // Upserts by stable id: a retried bucket overwrites its breaks and suggestions. They go in transactional batches of up
    // to 100 (the run id is both containers' partition key), a few batches in flight; returns once all are stored.
    private async Task StoreAsync(string runId, BucketResult result, CancellationToken cancellationToken)
    {
        var suggestionsOf = SuggestionStaging.ByBreak(result.Suggestions);
        var breaks = result.Breaks.Select(found => ReconBreakDocument.From(runId, found) with { Suggestions = suggestionsOf.GetValueOrDefault(found.BreakId) })
            .Select(document => (document.Id, document)).ToList();
        var suggestions = result.Suggestions.Select(suggested => ReconSuggestionDocument.From(runId, suggested)).Select(document => (document.Id, document)).ToList();
        await Task.WhenAll(
            services.Documents.UpsertManyAsync(ResultContainers.ReconBreaks, runId, breaks, cancellationToken),
            services.Documents.UpsertManyAsync(ResultContainers.ReconSuggestions, runId, suggestions, cancellationToken)).ConfigureAwait(false);

        foreach (var found in result.Breaks)
        {
            Telemetry.PipelineTelemetry.BreakFound(found.BreakType, Tributary.Reconciliation.Breaks.SeverityNames.Name(found.Severity));
        }
    }

    // The partition's summary beside its staged files, where the finalize step merges it; the fan-in carries only its name.
    private async Task<JsonElement> StageSummaryAsync(PartitionRef partition, BlobRef folder, int breaks, ReconciliationSummary summary, CancellationToken cancellationToken)
    {
        var summaryBlob = new BlobRef(StagingContainer, $"{folder.Path}summary.json");
        using var json = new MemoryStream();
        SummaryJson.Write(json, summary);
        json.Position = 0;
        await services.Blobs.WriteAsync(summaryBlob, json, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.SerializeToElement(new ReconBucketSummary(partition.Id, breaks, summaryBlob, summary.LeftRecords + summary.RightRecords), DurableJson.Options);
    }

    public PartitionWork WorkOf(JsonElement partitionSummary) =>
        new(partitionSummary.Deserialize<ReconBucketSummary>(DurableJson.Options)?.Records ?? 0);

    public async Task<JsonElement> FinalizeAsync(string runId, RunRequest request, WorkloadPlan plan, IReadOnlyList<JsonElement> summaries, CancellationToken cancellationToken)
    {
        var context = plan.Context!.Value.Deserialize<ReconPlanContext>(DurableJson.Options)!;
        ReconciliationSummary? total = null;
        foreach (var bucket in summaries.Select(s => s.Deserialize<ReconBucketSummary>(DurableJson.Options)!))
        {
            await using var stream = await services.Blobs.OpenReadAsync(bucket.Summary, cancellationToken).ConfigureAwait(false);
            var part = SummaryJson.Read(stream);
            if (total is null)
            {
                total = part;
            }
            else
            {
                total.Merge(part);
            }
        }

        total ??= ReconciliationSummary.Empty(context.Profile, string.Empty, context.AsOf);
        await services.Blobs.EnsureContainerAsync(OutputContainer, cancellationToken).ConfigureAwait(false);
        var output = new BlobRef(OutputContainer, $"{runId}/summary.json");
        using (var json = new MemoryStream())
        {
            SummaryJson.Write(json, total);
            json.Position = 0;
            await services.Blobs.WriteAsync(output, json, cancellationToken).ConfigureAwait(false);
        }

        // After every bucket wrote its breaks: the new run's set is complete, so "not found" is true of what is missing.
        var carried = request.PreviousRunId is { } previous && previous != runId
            ? await BreakCarryOver.ApplyAsync(services.Documents, runId, previous, services.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false)
            : null;
        // After the breaks: decisions on suggestions (accepted, rejected) follow them into the new run.
        var decisions = request.PreviousRunId is { } before && before != runId
            ? await SuggestionCarryOver.ApplyAsync(services.Documents, runId, before, cancellationToken).ConfigureAwait(false)
            : 0;
        return JsonSerializer.SerializeToElement(
            // The records counted by the partitions: a direct plan has not read the inputs (for a staged one they are the plan's counts).
            new ReconRunSummary(context.Profile, context.Buckets, total.LeftRecords, total.RightRecords, total.Breaks, total.BreaksBySeverity,
                total.MatchRate, total.TotalFinancialImpact, ResultContainers.ReconBreaks, output, carried)
            {
                OverdueBreaks = total.OverdueBreaks,
                OverdueBySeverity = total.OverdueBySeverity,
                Suggestions = total.Suggestions,
                SuggestionsByKind = total.SuggestionsByKind,
                ConfidentSuggestions = total.ConfidentSuggestions,
                SuggestedValueShare = Math.Round(total.SuggestedValueShare, 4),
                SuggestionsContainer = ResultContainers.ReconSuggestions,
                SuggestionDecisionsCarried = decisions,
            },
            DurableJson.Options);
    }

    // A bucket's side as the planner stages it: parsed columns with the input's record numbers (Partitioning/BucketFile).
    private static BlobRef BucketBlob(BlobRef folder, RecordSide side) =>
        new(folder.Container, folder.Path + (side == RecordSide.Left ? "left.bucket" : "right.bucket"));

    /// <summary>Both sides of a bucket staged as <see cref="BucketFile"/>s, or null for a bucket staged as CSV by an earlier version.</summary>
    private async Task<(RecordTable Left, RecordTable Right)?> ReadStagedBucketAsync(ReconciliationProfile profile, BlobRef folder, CancellationToken cancellationToken)
    {
        var leftBlob = BucketBlob(folder, RecordSide.Left);
        var rightBlob = BucketBlob(folder, RecordSide.Right);
        var leftRead = ReadIfPresentAsync(leftBlob, cancellationToken);
        var rightRead = ReadIfPresentAsync(rightBlob, cancellationToken);
        try
        {
            await Task.WhenAll(leftRead, rightRead).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Reported below, the left side's first.
        }

        using var left = await leftRead.ConfigureAwait(false);
        using var right = await rightRead.ConfigureAwait(false);
        if (left is null)
        {
            return null;
        }

        if (right is null)
        {
            throw new InvalidInputException(new InputError(rightBlob.ToString(), 0, null, "required file is missing"));
        }

        // Both decoded at once too (inflating is most of reading a bucket file).
        var rightTable = Task.Run(() => BucketFile.Read(Bytes(right), profile, RecordSide.Right, rightBlob.ToString()), cancellationToken);
        var leftTable = BucketFile.Read(Bytes(left), profile, RecordSide.Left, leftBlob.ToString());
        return (leftTable, await rightTable.ConfigureAwait(false));
    }

    // ReadAllAsync sizes each buffer to its blob, so the buffer is nearly always the file itself and needs no copy.
    private static byte[] Bytes(MemoryStream stream) =>
        stream.GetBuffer().Length == stream.Length ? stream.GetBuffer() : stream.ToArray();

    /// <summary>
    /// A bucket staged as CSV by a version before <see cref="BucketFile"/>s (a run in flight across an upgrade): parsed again,
    /// its rows named by the record numbers staged beside it, when there are any.
    /// </summary>
    private async Task<BucketResult> ReconcileCsvBucketAsync(ReconciliationProfile profile, BlobRef folder, DateOnly? asOf, SuggestionOptions options,
        CancellationToken cancellationToken)
    {
        using var left = await ReadAllAsync(SideBlob(folder, RecordSide.Left), cancellationToken).ConfigureAwait(false);
        using var right = await ReadAllAsync(SideBlob(folder, RecordSide.Right), cancellationToken).ConfigureAwait(false);
        using var leftRecords = await ReadIfPresentAsync(RecordsBlob(folder, RecordSide.Left), cancellationToken).ConfigureAwait(false);
        using var rightRecords = await ReadIfPresentAsync(RecordsBlob(folder, RecordSide.Right), cancellationToken).ConfigureAwait(false);
        return BucketReconciler.ReconcileStreams(profile, left, SideBlob(folder, RecordSide.Left).ToString(), right, SideBlob(folder, RecordSide.Right).ToString(), asOf,
            options, leftRecords, rightRecords);
    }

    private static BlobRef SideBlob(BlobRef folder, RecordSide side) =>
        new(folder.Container, folder.Path + (side == RecordSide.Left ? "left.csv" : "right.csv"));

    // The input record numbers of a bucket file's rows (Partitioning/RecordNumbers).
    private static BlobRef RecordsBlob(BlobRef folder, RecordSide side) =>
        new(folder.Container, folder.Path + (side == RecordSide.Left ? "left.records" : "right.records"));

    // Null when the blob is missing: a CSV bucket staged before record numbers were staged beside it has none (its rows are
    // then the bucket file's), and a bucket staged before bucket files has no left.bucket.
    private async Task<MemoryStream?> ReadIfPresentAsync(BlobRef blob, CancellationToken cancellationToken) =>
        await services.Blobs.GetInfoAsync(blob, cancellationToken).ConfigureAwait(false) is { } info
            ? await ReadAllAsync(blob, info, cancellationToken).ConfigureAwait(false)
            : null;

    private async Task<byte[]> ReadBytesAsync(BlobRef blob, CancellationToken cancellationToken)
    {
        using var download = Telemetry.PipelineTelemetry.StartPhase("plan", KindName, "download");
        using var stream = await ReadAllAsync(blob, cancellationToken).ConfigureAwait(false);
        return Bytes(stream);
    }

    private async Task<MemoryStream> ReadAllAsync(BlobRef blob, CancellationToken cancellationToken) =>
        await ReadAllAsync(blob, await services.Blobs.GetInfoAsync(blob, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidInputException(new InputError(blob.ToString(), 0, null, "required file is missing")), cancellationToken).ConfigureAwait(false);

    private async Task<MemoryStream> ReadAllAsync(BlobRef blob, BlobItemInfo info, CancellationToken cancellationToken)
    {
        if (info.Length > MaxFileBytes)
        {
            throw new InvalidInputException(new InputError(blob.ToString(), 0, null, $"{info.Length} bytes is more than the {MaxFileBytes} accepted"));
        }

        var buffer = new MemoryStream(checked((int)info.Length));
        await using var stream = await services.Blobs.OpenReadAsync(blob, cancellationToken).ConfigureAwait(false);
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        return buffer;
    }

    private static ReconRunParameters? Parameters(RunRequest request, List<InputError> errors) =>
        RunParameterBinder.Bind<ReconRunParameters>(request, errors, defaults: null, required: "an object with the profile is required, e.g. {\"profile\": \"trades\"}");
}

/// <summary>
/// What every bucket and the finalize step need from the plan (and where the run-wide suggestion inputs were staged); with
/// <paramref name="Direct"/>, the one partition reads the inputs itself (and the record counts and as-of date are its own).
/// </summary>
public sealed record ReconPlanContext(string Profile, int Buckets, DateOnly? AsOf, long LeftRecords, long RightRecords, StagedSuggestionInputs? Suggestions = null,
    DirectReconInput? Direct = null);

/// <summary>Fan-in summary of one bucket: its break count, where its full summary was staged, and the records it reconciled (both sides).</summary>
public sealed record ReconBucketSummary(string Bucket, int Breaks, BlobRef Summary, long Records = 0);

/// <summary>What a reconciliation run produced and where.</summary>
public sealed record ReconRunSummary(
    string Profile,
    int Buckets,
    long LeftRecords,
    long RightRecords,
    long Breaks,
    IReadOnlyDictionary<string, long> BreaksBySeverity,
    double MatchRate,
    decimal TotalFinancialImpact,
    string BreaksContainer,
    BlobRef SummaryJson,
    BreakCarryOverResult? CarriedFrom = null)
{
    /// <summary>Breaks open past their due date (the profile's per-severity service levels) at the run's as-of date.</summary>
    public long OverdueBreaks { get; init; }

    /// <summary>Overdue breaks by severity.</summary>
    public IReadOnlyDictionary<string, long> OverdueBySeverity { get; init; } = new Dictionary<string, long>();

    /// <summary>Suggested matches stored for the run (confidence at least the reporting minimum).</summary>
    public long Suggestions { get; init; }

    /// <summary>Suggestions by kind (one_to_one, one_to_many, many_to_one).</summary>
    public IReadOnlyDictionary<string, long> SuggestionsByKind { get; init; } = new Dictionary<string, long>();

    /// <summary>Suggestions of confidence at least 0.5 (each record in at most one of them).</summary>
    public long ConfidentSuggestions { get; init; }

    /// <summary>Share of the unmatched value that the confident suggestions would clear (0..1).</summary>
    public double SuggestedValueShare { get; init; }

    /// <summary>The Cosmos container of the suggestions.</summary>
    public string SuggestionsContainer { get; init; } = "";

    /// <summary>Accepted and rejected suggestions carried from the run this one followed.</summary>
    public int SuggestionDecisionsCarried { get; init; }
}
