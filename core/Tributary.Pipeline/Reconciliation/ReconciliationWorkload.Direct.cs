using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;
using Tributary.Reconciliation.Matching;
using Tributary.Reconciliation.Partitioning;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;
using Tributary.Reconciliation.Runs;

namespace Tributary.Pipeline.Reconciliation;

// The direct path: an input that fits one partition is reconciled whole by that partition, as `recon run` does, with no
// staging. Staging (parse, bucket, encode, deflate and upload in the plan; download, inflate and decode in each bucket)
// is the price of splitting the work, and below MaxDirectInputBytes it costs more than the matching it spreads.
public sealed partial class ReconciliationWorkload
{
    /// <summary>The id of a direct plan's one partition.</summary>
    public const string DirectPartitionId = "direct";

    /// <summary>
    /// The buckets a direct partition splits its input into in memory (as `recon run --buckets` does), by the records of
    /// its larger side: one per 62,500 up to 16 (1M records: 16), so each bucket's writes start as soon as it is matched
    /// and only the last bucket's (a sixteenth at 1M) are left after the matching, while a small input does not write in
    /// many small batches; at least one per core. Breaks, suggestions and every count of summary.json but its `buckets`
    /// are the same for any count.
    /// </summary>
    public static int DirectBuckets(long records) => Math.Max(Environment.ProcessorCount, (int)Math.Min(16, records / 62_500));

    /// <summary>
    /// The two inputs as the plan saw them (their ETags: the partition reconciles those versions or none), when together they
    /// fit one partition; null when they do not. A missing or oversized file is refused here, as the staged plan refuses it.
    /// </summary>
    private async Task<DirectReconInput?> DirectInputAsync(BlobRef leftBlob, BlobRef rightBlob, CancellationToken cancellationToken)
    {
        using var sizing = Telemetry.PipelineTelemetry.StartPhase("plan", KindName, "size");
        var leftInfo = InfoAsync(leftBlob, cancellationToken);
        var rightInfo = InfoAsync(rightBlob, cancellationToken);
        try
        {
            await Task.WhenAll(leftInfo, rightInfo).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Reported below, the left side's first.
        }

        var (left, right) = (await leftInfo.ConfigureAwait(false), await rightInfo.ConfigureAwait(false));
        return left.Length + right.Length <= ReconciliationPlanner.MaxDirectInputBytes
            ? new DirectReconInput(left.Blob, left.ETag, right.Blob, right.ETag)
            : null;
    }

    private async Task<BlobItemInfo> InfoAsync(BlobRef blob, CancellationToken cancellationToken)
    {
        var info = await services.Blobs.GetInfoAsync(blob, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidInputException(new InputError(blob.ToString(), 0, null, "required file is missing"));
        return info.Length > MaxFileBytes
            ? throw new InvalidInputException(new InputError(blob.ToString(), 0, null, $"{info.Length} bytes is more than the {MaxFileBytes} accepted"))
            : info;
    }

    // One partition; the weights are the partition's to estimate (over the same whole inputs the staged plan weighs), so only
    // the rejected ids of a re-run are staged.
    private async Task<WorkloadPlan> PlanDirectAsync(string runId, RunRequest request, ReconciliationProfile profile, DirectReconInput direct,
        CancellationToken cancellationToken)
    {
        await services.Blobs.EnsureContainerAsync(StagingContainer, cancellationToken).ConfigureAwait(false);
        StagedSuggestionInputs suggestions;
        using (Telemetry.PipelineTelemetry.StartPhase("plan", KindName, "suggestions"))
        {
            suggestions = await SuggestionStaging.StageAsync(services, runId, request.PreviousRunId, weights: null, cancellationToken).ConfigureAwait(false);
        }

        var context = new ReconPlanContext(profile.Name, 1, null, 0, 0, suggestions, direct);
        return new WorkloadPlan([new PartitionRef(DirectPartitionId, new BlobRef(StagingContainer, $"{runId}/{DirectPartitionId}/"))],
            JsonSerializer.SerializeToElement(context, DurableJson.Options));
    }

    /// <summary>
    /// Downloads both inputs at once, parses each as it arrives (the two on separate cores), reconciles them in memory in
    /// <see cref="DirectBuckets(long)"/> (on every core, as `recon run` does), and stores each bucket's breaks and
    /// suggestions as soon as that bucket is reconciled, while the others are still being matched.
    /// </summary>
    private async Task<JsonElement> RunDirectAsync(string runId, ReconPlanContext context, ReconciliationProfile profile, DirectReconInput direct,
        PartitionRef partition, CancellationToken cancellationToken)
    {
        Tributary.Reconciliation.Records.RecordTable left, right;
        var optionsRead = SuggestionStaging.OptionsAsync(services, context.Suggestions, cancellationToken);
        using (Telemetry.PipelineTelemetry.StartPhase("partition", KindName, "download and parse"))
        {
            // A bad row fails the partition with its file, line and field; the orchestrator quarantines the drop.
            (left, right) = await ReconciliationPlanner.ParseAsync(profile, StartPinnedReadAsync(direct.Left, direct.LeftETag, cancellationToken), direct.Left.ToString(),
                StartPinnedReadAsync(direct.Right, direct.RightETag, cancellationToken), direct.Right.ToString()).ConfigureAwait(false);
        }

        var options = await optionsRead.ConfigureAwait(false);
        var stores = new List<Task>();
        RunResult result;
        try
        {
            using var reconcile = Telemetry.PipelineTelemetry.StartPhase("partition", KindName, "reconcile");
            // Each bucket's writes start on the thread that reconciled it and are awaited below, under "write". The matching
            // runs on threads of its own, so the thread pool stays free for those writes' I/O meanwhile.
            var buckets = DirectBuckets(Math.Max(left.Count, right.Count));
            result = await Task.Factory.StartNew(() => ReconciliationRun.Reconcile(profile, left, right, buckets,
                bucket =>
                {
                    var store = StoreAsync(runId, bucket, cancellationToken);
                    lock (stores)
                    {
                        stores.Add(store);
                    }
                },
                options), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // No write outlives the step, whether matching finished or failed.
            await Task.WhenAll(stores.ToArray()).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        using (Telemetry.PipelineTelemetry.StartPhase("partition", KindName, "write"))
        {
            await Task.WhenAll(stores).ConfigureAwait(false);
            return await StageSummaryAsync(partition, partition.Input!, result.Breaks.Count, result.Summary, cancellationToken).ConfigureAwait(false);
        }
    }

    // The version the plan saw, or an error: a partition retried after the input was replaced must not mix two inputs' results.
    // Returns once the download has started; its bytes arrive in the array as they are read, and the parser follows them.
    private async Task<ArrivingBytes> StartPinnedReadAsync(BlobRef blob, string etag, CancellationToken cancellationToken)
    {
        var download = Telemetry.PipelineTelemetry.StartPhase("partition", KindName, "download");
        try
        {
            var info = await InfoAsync(blob, cancellationToken).ConfigureAwait(false);
            if (info.ETag != etag)
            {
                throw new InvalidOperationException($"{blob} was replaced after the run was planned (ETag {etag}, now {info.ETag}); upload the drop again to reconcile the new file");
            }

            // Straight into one array of the blob's length, not zeroed first (the read overwrites it all), in large reads.
            var input = new ArrivingBytes(GC.AllocateUninitializedArray<byte>(checked((int)info.Length)));
            _ = DownloadAsync(blob, etag, input, download, cancellationToken);
            return input;
        }
        catch (Exception)
        {
            download?.Dispose();
            throw;
        }
    }

    // Never faults: a failure goes to the input, where its parse and the partition see it.
    private async Task DownloadAsync(BlobRef blob, string etag, ArrivingBytes input, IDisposable? download, CancellationToken cancellationToken)
    {
        using var _ = download;
        try
        {
            var data = input.Data;
            await using var stream = await services.Blobs.OpenReadAsync(blob, etag, cancellationToken).ConfigureAwait(false);
            var read = 0;
            int n;
            while (read < data.Length && (n = await stream.ReadAsync(data.AsMemory(read, Math.Min(1 << 20, data.Length - read)), cancellationToken).ConfigureAwait(false)) > 0)
            {
                read += n;
                input.Arrived(read);
            }

            if (read != data.Length || await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) != 0)
            {
                throw new InvalidOperationException($"{blob} was replaced while it was read (expected {data.Length} bytes); upload the drop again to reconcile the new file");
            }

            input.Complete();
        }
        catch (Exception e)
        {
            input.Fail(e);
        }
    }
}

/// <summary>The inputs a direct partition reconciles whole: both blobs at the versions the plan sized.</summary>
public sealed record DirectReconInput(BlobRef Left, string LeftETag, BlobRef Right, string RightETag);
