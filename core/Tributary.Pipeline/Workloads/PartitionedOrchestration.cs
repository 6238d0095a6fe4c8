using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;

namespace Tributary.Pipeline.Workloads;

/// <summary>
/// The one orchestration shape of every workload: plan → fan out one activity per partition (bounded, retried) → fan in the
/// summaries → finalize. Registered once per <see cref="IWorkload"/> under the workload's kind, with activities named
/// `{kind}.plan`, `{kind}.partition`, `{kind}.finalize` and `{kind}.quarantine`, and the child orchestration `{kind}.partitions`.
/// </summary>
public static class PartitionedOrchestration
{
    /// <summary>Registers the orchestration and activities of a workload.</summary>
    public static DurableRegistry AddWorkload(this DurableRegistry registry, IWorkload workload, PipelineServices services, PipelineOptions? options = null)
    {
        var settings = options ?? new PipelineOptions();
        var kind = workload.Kind;
        return registry
            .AddOrchestrator(kind, context => RunAsync(context, kind, settings))
            .AddOrchestrator(ChildName(kind), context => RunChildAsync(context, kind, settings))
            .AddActivity<RunRequest, PlannedRun>(PlanName(kind), async (request, call, cancel) =>
            {
                var resolved = await DropParameters.ResolveAsync(workload, services.Blobs, request, cancel).ConfigureAwait(false);
                return new PlannedRun(resolved, await workload.PlanAsync(call.InstanceId, resolved, cancel).ConfigureAwait(false));
            })
            .AddActivity<PartitionCall, JsonElement>(PartitionName(kind), (call, _, cancel) => workload.RunPartitionAsync(call.RunId, call.Plan, call.Partition, cancel))
            .AddActivity<FinalizeCall, JsonElement>(FinalizeName(kind), async (call, activity, cancel) =>
            {
                var summary = await workload.FinalizeAsync(activity.InstanceId, call.Request, call.Plan, call.Summaries, cancel).ConfigureAwait(false);

                // Published from the activity, so a replay after a crash publishes again rather than never (at least once).
                await services.Events.PublishAsync(
                    new RunEvent(activity.InstanceId, kind, nameof(RuntimeStatus.Completed), summary.GetRawText(), services.Time.GetUtcNow()), cancel).ConfigureAwait(false);
                return summary;
            })
            .AddActivity<QuarantineCall, BlobRef>(QuarantineName(kind), (call, activity, cancel) =>
                Quarantine.MoveAsync(services.Blobs, settings.QuarantineContainer, activity.InstanceId, call.Drop, call.Report, cancel));
    }

    public static string PlanName(string kind) => $"{kind}.plan";

    public static string PartitionName(string kind) => $"{kind}.partition";

    public static string FinalizeName(string kind) => $"{kind}.finalize";

    public static string QuarantineName(string kind) => $"{kind}.quarantine";

    public static string ChildName(string kind) => $"{kind}.partitions";

    private static async Task<JsonElement> RunAsync(IOrchestrationContext context, string kind, PipelineOptions options)
    {
        var request = context.GetInput<RunRequest>();
        context.SetCustomStatus(new RunProgress(RunProgress.Planning, 0, 0));
        PlannedRun planned;
        try
        {
            planned = await context.CallActivityAsync<PlannedRun>(PlanName(kind), request, options.StepRetry);
        }
        catch (ActivityFailedException e) when (request.Drop is not null && e.Failure.ErrorType == nameof(InvalidInputException))
        {
            context.SetCustomStatus(new RunProgress(RunProgress.Quarantining, 0, 0));
            await context.CallActivityAsync<BlobRef>(QuarantineName(kind), new QuarantineCall(request.Drop, e.Failure.Message), options.StepRetry);
            throw;
        }

        var plan = planned.Plan;
        var partitions = plan.Partitions;
        var total = partitions.Count;
        context.SetCustomStatus(new RunProgress(RunProgress.FanOut, 0, total));
        JsonElement[] summaries;
        if (total <= options.SubOrchestrationThreshold)
        {
            summaries = await context.FanOutAsync(
                partitions,
                options.MaxPartitionsInFlight,
                partition => context.CallActivityAsync<JsonElement>(PartitionName(kind), new PartitionCall(context.InstanceId, plan, partition), options.PartitionRetry),
                (done, _) => context.SetCustomStatus(new RunProgress(RunProgress.FanOut, done, total)));
        }
        else
        {
            // Children of bounded size keep every history to a few hundred records, whatever the partition count.
            var chunks = partitions.Chunk(options.PartitionsPerChild).Select(c => new ChildCall(context.InstanceId, plan with { Partitions = c })).ToList();
            var done = 0;
            var chunked = await context.FanOutAsync(
                chunks,
                Math.Max(1, options.MaxPartitionsInFlight / options.PartitionsPerChild) + 1,
                async chunk =>
                {
                    var result = await context.CallSubOrchestratorAsync<JsonElement[]>(ChildName(kind), chunk);
                    done += result.Length;
                    context.SetCustomStatus(new RunProgress(RunProgress.FanOut, done, total));
                    return result;
                });
            summaries = chunked.SelectMany(c => c).ToArray();
        }

        context.SetCustomStatus(new RunProgress(RunProgress.Finalizing, total, total));
        var runSummary = await context.CallActivityAsync<JsonElement>(FinalizeName(kind), new FinalizeCall(planned.Request, plan with { Partitions = [] }, summaries), options.StepRetry);
        context.SetCustomStatus(new RunProgress(RunProgress.Finalizing, total, total));
        return runSummary;
    }

    private static async Task<JsonElement[]> RunChildAsync(IOrchestrationContext context, string kind, PipelineOptions options)
    {
        var call = context.GetInput<ChildCall>();
        var plan = call.Plan;
        return await context.FanOutAsync(
            plan.Partitions,
            options.MaxPartitionsInFlight,
            partition => context.CallActivityAsync<JsonElement>(PartitionName(kind), new PartitionCall(call.RunId, plan with { Partitions = [] }, partition), options.PartitionRetry),
            (done, total) => context.SetCustomStatus(new RunProgress(RunProgress.FanOut, done, total)));
    }

    /// <summary>Result of the plan activity: the request with its parameters resolved (read from a drop's trigger) and the plan.</summary>
    public sealed record PlannedRun(RunRequest Request, WorkloadPlan Plan);

    /// <summary>Input of a partition activity: the run, the plan's shared context and the one partition.</summary>
    public sealed record PartitionCall(string RunId, WorkloadPlan Plan, PartitionRef Partition);

    /// <summary>Input of the finalize activity.</summary>
    public sealed record FinalizeCall(RunRequest Request, WorkloadPlan Plan, IReadOnlyList<JsonElement> Summaries);

    /// <summary>Input of the quarantine activity.</summary>
    public sealed record QuarantineCall(DropRef Drop, string Report);

    /// <summary>Input of a child orchestration: the parent run id and its share of the partitions.</summary>
    public sealed record ChildCall(string RunId, WorkloadPlan Plan);
}
