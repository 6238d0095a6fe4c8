using System.Text.Json;
using Microsoft.DurableTask;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Telemetry;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Orchestration;

/// <summary>
/// The one orchestration shape of every workload: plan → fan out one activity per partition (bounded, retried, through
/// child orchestrations past <see cref="PipelineOptions.SubOrchestrationThreshold"/>) → fan in the small summaries →
/// finalize, which also removes the run's staging. Progress goes in custom status. A plan that fails on bad input
/// quarantines the drop; any failure publishes the run's Failed event before the run fails. Deterministic: it only uses
/// the context for effects, never the clock or I/O.
/// </summary>
public sealed class WorkloadOrchestrator(string kind, PipelineOptions options) : TaskOrchestrator<RunRequest, JsonElement>
{
    /// <inheritdoc />
    public override async Task<JsonElement> RunAsync(TaskOrchestrationContext context, RunRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Counted outside replay only: the first episode starts the run, the last one (never a replay) ends it. The times
        // are the orchestration's own, so the duration is the same whichever process runs the last episode.
        var started = context.CurrentUtcDateTime;
        if (!context.IsReplaying)
        {
            PipelineTelemetry.RunStarted(kind);
        }

        var status = RuntimeStatus.Failed;
        try
        {
            var output = await RunStepsAsync(context, input);
            status = RuntimeStatus.Completed;
            return output;
        }
        catch (TaskFailedException e)
        {
            await RemoveStagingAsync(context);
            await PublishFailedAsync(context, e.FailureDetails.ErrorType, e.FailureDetails.ErrorMessage);
            throw;
        }
        finally
        {
            if (!context.IsReplaying)
            {
                PipelineTelemetry.RunEnded(kind, status, context.CurrentUtcDateTime - started);
            }
        }
    }

    // A failed run's staged partitions are of no use; a failure to remove them does not change how it ended. (A completed
    // run's finalize removes them.)
    private async Task RemoveStagingAsync(TaskOrchestrationContext context)
    {
        try
        {
            await context.CallActivityAsync<int>(WorkloadTaskNames.RemoveStaging(kind), RunIds.RunIdOf(kind, context.InstanceId), options.StepRetry.ToTaskOptions());
        }
        catch (TaskFailedException)
        {
        }
    }

    private async Task<JsonElement> RunStepsAsync(TaskOrchestrationContext context, RunRequest request)
    {
        // Workloads key their outputs by the run id callers see, not by the Durable instance id behind it.
        var runId = RunIds.RunIdOf(kind, context.InstanceId);

        // The first episode's time, the same on every replay: a terminate recorded after it stops this run's activities.
        var startedAt = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        context.SetCustomStatus(new RunProgress(RunProgress.Planning, 0, 0));
        PlannedRun planned;
        try
        {
            planned = await context.CallActivityAsync<PlannedRun>(WorkloadTaskNames.Plan(kind), new PlanCall(request, startedAt), options.StepRetry.ToTaskOptions());
        }
        catch (TaskFailedException e) when (IsBadDrop(request, e))
        {
            await QuarantineAsync(context, runId, request.Drop!, e);
            throw;
        }

        var plan = planned.Plan;
        var total = plan.Partitions.Count;
        context.SetCustomStatus(new RunProgress(RunProgress.FanOut, 0, total));
        JsonElement[] summaries;
        try
        {
            summaries = await FanOutAsync(context, runId, plan, startedAt);
        }
        catch (TaskFailedException e) when (IsBadDrop(request, e))
        {
            // A partition that reads the drop itself (recon's direct partition) finds bad rows as a plan would.
            await QuarantineAsync(context, runId, request.Drop!, e);
            throw;
        }

        context.SetCustomStatus(new RunProgress(RunProgress.Finalizing, total, total));
        var runSummary = await context.CallActivityAsync<JsonElement>(
            WorkloadTaskNames.Finalize(kind), new FinalizeCall(runId, planned.Request, plan with { Partitions = [] }, summaries, startedAt), options.StepRetry.ToTaskOptions());
        // Finalize removed the staging itself once it had recorded its summary: no further turn before Completed.
        return runSummary;
    }

    private async Task<JsonElement[]> FanOutAsync(TaskOrchestrationContext context, string runId, WorkloadPlan plan, DateTimeOffset startedAt)
    {
        var partitions = plan.Partitions;
        var total = partitions.Count;
        if (total <= options.SubOrchestrationThreshold)
        {
            return await context.FanOutAsync(
                Enumerable.Range(0, total).ToList(),
                options.MaxPartitionsInFlight,
                i => context.CallActivityAsync<JsonElement>(
                    WorkloadTaskNames.Partition(kind), new PartitionCall(runId, plan with { Partitions = [] }, partitions[i], startedAt, i), options.PartitionRetry.ToTaskOptions(PartitionTags.Of(i, partitions[i]))),
                (done, _) => context.SetCustomStatus(new RunProgress(RunProgress.FanOut, done, total)));
        }

        // Children of bounded size keep every history to a few hundred events, whatever the partition count.
        var batches = partitions.Chunk(options.PartitionsPerChild)
            .Select((c, b) => new PartitionBatch(runId, plan with { Partitions = c }, startedAt, b * options.PartitionsPerChild)).ToList();
        var done = 0;
        var batchResults = await context.FanOutAsync(
            Enumerable.Range(0, batches.Count).ToList(),
            Math.Max(1, options.MaxPartitionsInFlight / options.PartitionsPerChild) + 1,
            async index =>
            {
                var result = await context.CallSubOrchestratorAsync<JsonElement[]>(
                    WorkloadTaskNames.Partitions(kind), batches[index], new SubOrchestrationOptions { InstanceId = RunIds.Child(context.InstanceId, index) });
                done += result.Length;
                context.SetCustomStatus(new RunProgress(RunProgress.FanOut, done, total));
                return result;
            });
        return batchResults.SelectMany(c => c).ToArray();
    }

    private static bool IsBadDrop(RunRequest request, TaskFailedException e) =>
        request.Drop is not null && FailureCause.Is<InvalidInputException>(e.FailureDetails);

    private Task QuarantineAsync(TaskOrchestrationContext context, string runId, DropRef drop, TaskFailedException e)
    {
        context.SetCustomStatus(new RunProgress(RunProgress.Quarantining, 0, 0));
        return context.CallActivityAsync<Ports.BlobRef>(
            WorkloadTaskNames.Quarantine(kind), new QuarantineCall(runId, drop, e.FailureDetails.ErrorMessage), options.StepRetry.ToTaskOptions());
    }

    // The event goes out from an activity (at least once), so a crash after the failure still publishes it on replay.
    private Task PublishFailedAsync(TaskOrchestrationContext context, string errorType, string message) =>
        context.CallActivityAsync(WorkloadTaskNames.Failed(kind), new RunFailedCall(RunIds.RunIdOf(kind, context.InstanceId), errorType, message), options.StepRetry.ToTaskOptions());
}
