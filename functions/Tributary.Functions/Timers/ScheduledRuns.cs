using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Tributary.Pipeline.Drops;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Durable.Hosting;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Functions.Timers;

/// <summary>
/// The self-hosted runtime's default schedules (TimerSettings.Defaults: `0 2 * * *` recompute, `30 3 * * *` purge),
/// as six-field NCRONTAB expressions in UTC, set by the app settings HpiNightlySchedule / PurgeDailySchedule (infra/modules/functionapp.bicep).
/// </summary>
public sealed class ScheduledRuns(IReadOnlyDictionary<string, IWorkload> workloads, IBlobStore blobs, TimeProvider time)
{
    private const int RetentionDays = 30;

    [Function("HpiNightly")]
    public async Task HpiNightlyAsync([TimerTrigger("%HpiNightlySchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var drop = workloads["hpi"].Drop!;
        var latest = await DropScanner.LatestProcessedAsync(blobs, drop, cancellationToken);
        if (latest is null)
        {
            return;
        }

        // One recompute per day, whichever instance fires: the id is the date.
        var id = $"timer-hpi-nightly-{time.GetUtcNow():yyyyMMdd}";
        if (await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken) is null)
        {
            var request = await DropScanner.RecomputeRequestAsync(blobs, drop, latest, cancellationToken);
            await client.ScheduleNewOrchestrationInstanceAsync(
                new TaskName(FunctionNames.For("hpi")), DurableJson.Serialize(request), new StartOrchestrationOptions(id), cancellationToken);
        }
    }

    [Function("PurgeDaily")]
    public Task PurgeDailyAsync([TimerTrigger("%PurgeDailySchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        client.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(
                CreatedFrom: null,
                CreatedTo: time.GetUtcNow().AddDays(-RetentionDays),
                Statuses: [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated]),
            cancellationToken);
}
