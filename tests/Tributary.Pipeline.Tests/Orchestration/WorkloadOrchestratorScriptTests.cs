using System.Text.Json;
using Microsoft.DurableTask;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Testing;

namespace Tributary.Pipeline.Tests.Orchestration;

/// <summary>
/// The fast tier: the orchestration shape against a scripted context (no engine, milliseconds), each step's calls, inputs
/// and what is in flight, beside <see cref="WorkloadOrchestratorTests"/> on the SDK's real engine.
/// </summary>
public sealed class WorkloadOrchestratorScriptTests
{
    private const string Kind = "toy";
    private static readonly DateTime Now = new(2026, 12, 7, 4, 0, 0, DateTimeKind.Utc);
    private static readonly RunRequest Request = new(new BlobFolder("toy-drop", "batch/"), null);

    [Fact]
    public void Partitions_fan_out_no_wider_than_allowed_and_finalize_gets_every_summary_in_partition_order()
    {
        var context = new ScriptedOrchestrationContext(Kind, "run-1", Now);
        var orchestrator = new WorkloadOrchestrator(Kind, new PipelineOptions { MaxPartitionsInFlight = 3 });

        var run = orchestrator.RunAsync(context, Request);
        var most = context.Drive(run, call => Answer(call, partitions: 10), newestFirst: true);

        Assert.True(run.IsCompletedSuccessfully);
        Assert.Equal(3, most);
        Assert.Equal(
            [WorkloadTaskNames.Plan(Kind), .. Enumerable.Repeat(WorkloadTaskNames.Partition(Kind), 10), WorkloadTaskNames.Finalize(Kind)],
            context.Calls.Select(c => c.Task));
        // Finalize removes the staging itself: nothing runs between it and Completed.
        var finalize = Assert.IsType<FinalizeCall>(context.Calls[^1].Input);
        Assert.Equal(Enumerable.Range(0, 10), finalize.Summaries.Select(s => s.GetInt32()));
        Assert.Equal("run-1", finalize.RunId);
        Assert.Equal(new DateTimeOffset(Now), finalize.StartedAt);
        // Each partition gets the plan's context without the partition list (histories stay small) and its own index.
        Assert.All(context.Calls.Where(c => c.Task == WorkloadTaskNames.Partition(Kind)).Select(c => (PartitionCall)c.Input!), p => Assert.Empty(p.Plan.Partitions));
        Assert.Equal(new RunProgress(RunProgress.Finalizing, 10, 10), context.Statuses[^1]);
        Assert.Contains(new RunProgress(RunProgress.FanOut, 5, 10), context.Statuses);
    }

    [Fact]
    public void Past_the_threshold_children_take_bounded_batches_under_ids_derived_from_the_run()
    {
        var context = new ScriptedOrchestrationContext(Kind, "run-2", Now);
        var orchestrator = new WorkloadOrchestrator(Kind, new PipelineOptions { SubOrchestrationThreshold = 4, PartitionsPerChild = 3 });

        var run = orchestrator.RunAsync(context, Request);
        context.Drive(run, call => Answer(call, partitions: 10));

        Assert.True(run.IsCompletedSuccessfully);
        var children = context.Calls.Where(c => c.Child).ToList();
        Assert.All(children, c => Assert.Equal(WorkloadTaskNames.Partitions(Kind), c.Task));
        Assert.Equal(Enumerable.Range(0, 4).Select(b => RunIds.Child("run-2", b)), children.Select(c => ((SubOrchestrationOptions)c.Options!).InstanceId));
        Assert.Equal([0, 3, 6, 9], children.Select(c => ((PartitionBatch)c.Input!).FirstIndex));
        Assert.Equal([3, 3, 3, 1], children.Select(c => ((PartitionBatch)c.Input!).Plan.Partitions.Count));
        Assert.DoesNotContain(context.Calls, c => c.Task == WorkloadTaskNames.Partition(Kind));
        Assert.Equal(Enumerable.Range(0, 10), Assert.IsType<FinalizeCall>(context.Calls.Single(c => c.Task == WorkloadTaskNames.Finalize(Kind)).Input).Summaries.Select(s => s.GetInt32()));
    }

    [Fact]
    public void A_drop_whose_plan_fails_on_bad_input_is_quarantined_with_the_report_and_the_failure_is_published()
    {
        var drop = new DropRef(new BlobRef("toy-drop", "batch/manifest.json"), "etag-1", []);
        var context = new ScriptedOrchestrationContext(Kind, "run-3", Now);
        var orchestrator = new WorkloadOrchestrator(Kind, new PipelineOptions());

        var run = orchestrator.RunAsync(context, Request with { Drop = drop });
        context.Drive(run, call => call.Task == WorkloadTaskNames.Plan(Kind)
            ? Failure(call.Task, typeof(InvalidInputException), "left.csv line 3, field amount: not a number")
            : Answer(call, partitions: 0));

        Assert.IsType<TaskFailedException>(run.Exception!.InnerException);
        Assert.Equal(
            [WorkloadTaskNames.Plan(Kind), WorkloadTaskNames.Quarantine(Kind), WorkloadTaskNames.RemoveStaging(Kind), WorkloadTaskNames.Failed(Kind)],
            context.Calls.Select(c => c.Task));
        var quarantine = Assert.IsType<QuarantineCall>(context.Calls[1].Input);
        Assert.Equal((drop, "left.csv line 3, field amount: not a number"), (quarantine.Drop, quarantine.Report));
        var failed = Assert.IsType<RunFailedCall>(context.Calls[^1].Input);
        Assert.Equal(("run-3", typeof(InvalidInputException).FullName), (failed.RunId, failed.ErrorType));
    }

    [Fact]
    public void A_drop_whose_partition_finds_bad_input_is_quarantined_as_a_plan_would_and_a_transient_failure_is_not()
    {
        var drop = new DropRef(new BlobRef("toy-drop", "batch/manifest.json"), "etag-1", []);
        var context = new ScriptedOrchestrationContext(Kind, "run-5", Now);
        var orchestrator = new WorkloadOrchestrator(Kind, new PipelineOptions());

        var run = orchestrator.RunAsync(context, Request with { Drop = drop });
        context.Drive(run, call => call.Input is PartitionCall
            ? Failure(call.Task, typeof(InvalidInputException), "left.csv line 9, field quantity: not a number")
            : Answer(call, partitions: 1));

        Assert.IsType<TaskFailedException>(run.Exception!.InnerException);
        Assert.Equal(
            [WorkloadTaskNames.Plan(Kind), WorkloadTaskNames.Partition(Kind), WorkloadTaskNames.Quarantine(Kind), WorkloadTaskNames.RemoveStaging(Kind), WorkloadTaskNames.Failed(Kind)],
            context.Calls.Select(c => c.Task));
        Assert.Equal((drop, "left.csv line 9, field quantity: not a number"), (((QuarantineCall)context.Calls[2].Input!).Drop, ((QuarantineCall)context.Calls[2].Input!).Report));

        // The same drop whose partition fails for another reason keeps its files where they are.
        var other = new ScriptedOrchestrationContext(Kind, "run-6", Now);
        var failing = orchestrator.RunAsync(other, Request with { Drop = drop });
        other.Drive(failing, call => call.Input is PartitionCall ? Failure(call.Task, typeof(IOException), "disk gone") : Answer(call, partitions: 1));

        Assert.True(failing.IsFaulted);
        Assert.DoesNotContain(other.Calls, c => c.Task == WorkloadTaskNames.Quarantine(Kind));
    }

    [Fact]
    public void A_failed_partition_starts_no_new_partition_skips_finalize_and_publishes_the_failure()
    {
        var context = new ScriptedOrchestrationContext(Kind, "run-4", Now);
        var orchestrator = new WorkloadOrchestrator(Kind, new PipelineOptions { MaxPartitionsInFlight = 2 });

        var run = orchestrator.RunAsync(context, Request);
        context.Drive(run, call => call.Input is PartitionCall { Index: 1 }
            ? Failure(call.Task, typeof(IOException), "disk gone")
            : Answer(call, partitions: 6));

        Assert.True(run.IsFaulted);
        var started = context.Calls.Where(c => c.Task == WorkloadTaskNames.Partition(Kind)).Select(c => ((PartitionCall)c.Input!).Index).ToList();
        Assert.Equal([0, 1, 2], started);
        Assert.DoesNotContain(context.Calls, c => c.Task == WorkloadTaskNames.Finalize(Kind));
        Assert.Equal([WorkloadTaskNames.RemoveStaging(Kind), WorkloadTaskNames.Failed(Kind)], context.Calls.TakeLast(2).Select(c => c.Task));
        Assert.Equal("disk gone", Assert.IsType<RunFailedCall>(context.Calls[^1].Input).Message);
    }

    // The workload's side of each call, as the activities would answer: a plan of N partitions, each partition's summary
    // its index, a child's summaries its partitions' indexes.
    private static object? Answer(ScriptedCall call, int partitions) => call.Input switch
    {
        PlanCall plan => new PlannedRun(plan.Request, new WorkloadPlan(Enumerable.Range(0, partitions).Select(i => new PartitionRef($"p{i}")).ToList())),
        PartitionCall partition => JsonSerializer.SerializeToElement(partition.Index),
        PartitionBatch batch => Enumerable.Range(batch.FirstIndex, batch.Plan.Partitions.Count).Select(i => JsonSerializer.SerializeToElement(i)).ToArray(),
        FinalizeCall => JsonSerializer.SerializeToElement("finalized"),
        QuarantineCall q => q.Drop.Trigger,
        RunFailedCall => null,
        _ when call.Task == WorkloadTaskNames.RemoveStaging(Kind) => 0,
        _ => throw new InvalidOperationException($"no answer scripted for {call.Task}"),
    };

    private static TaskFailedException Failure(string task, Type error, string message) =>
        new(task, 1, new TaskFailureDetails(error.FullName!, message, null, null, null));
}
