using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Tributary.Functions.Runs;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Schedules;

namespace Tributary.Functions.Timers;

/// <summary>
/// The self-hosted runtime's schedules as timer triggers: the NCRONTAB expressions (six fields, UTC) come from the app
/// settings HpiNightlySchedule / PurgeDailySchedule / ForecastNightlySchedule (infra/modules/functionapp.bicep), what each does from
/// <see cref="ScheduleSettings"/>, and the action itself is core's <see cref="TimerJobs"/>.
/// </summary>
public sealed class ScheduledRuns(ScheduleSettings schedules, RunServices runs, IBlobStore blobs, TimeProvider time, ILogger<ScheduledRuns> logger)
{
    [Function("HpiNightly")]
    public Task HpiNightlyAsync([TimerTrigger("%HpiNightlySchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        FireAsync(schedules.Recompute, client, cancellationToken);

    [Function("PurgeDaily")]
    public Task PurgeDailyAsync([TimerTrigger("%PurgeDailySchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        FireAsync(schedules.Purge, client, cancellationToken);

    [Function("ForecastNightly")]
    public Task ForecastNightlyAsync([TimerTrigger("%ForecastNightlySchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        FireAsync(schedules.ForecastRecompute, client, cancellationToken);

    // The occurrence is the firing minute: core names a recompute run by it, so two instances firing for one minute start one run.
    private async Task FireAsync(TimerSettings timer, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var occurrence = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var account = await TimerJobs.FireAsync(timer, occurrence, runs.For(client), blobs, cancellationToken);
        logger.LogInformation("Timer {Timer}: {Account}", timer.Name, account);
    }
}
