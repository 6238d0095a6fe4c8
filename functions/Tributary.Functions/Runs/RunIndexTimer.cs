using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Tributary.Functions.Runs;

/// <summary>
/// Builds the run index (newest-first listing) when the worker starts, off any request's path: the Durable client is bound
/// per invocation, so a timer that also runs on startup does it. After the first success each tick is one blob read (the
/// index's `ready` mark); a build that failed is tried again on the next tick. Listings answer from the task hub meanwhile.
/// </summary>
public sealed class RunIndexTimer(RunServices runs)
{
    /// <summary>The schedule (NCRONTAB with seconds): fixed, it is no operator's choice.</summary>
    public const string Schedule = "0 */5 * * * *";

    /// <summary>Builds the index unless it is built.</summary>
    [Function("BuildRunIndex")]
    public Task BuildAsync([TimerTrigger(Schedule, RunOnStartup = true)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        runs.For(client).BuildIndexAsync(cancellationToken);
}
