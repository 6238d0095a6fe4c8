using Tributary.Pipeline.Hosting;
using Tributary.Functions.Tests.Support;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Workloads;

namespace Tributary.Functions.Tests.Durable;

/// <summary>The app's orchestrator and activity functions are core's tasks under core's names, and run a workload on the SDK.</summary>
public sealed class DurableFunctionsTests
{
    [Fact]
    public void Function_names_are_exactly_core_task_names_and_kinds()
    {
        var services = new PipelineServices(new InMemoryBlobStore(), new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), TimeProvider.System);
        var tasks = PipelineParts.Compose(services).Tasks;
        var functions = FunctionsHost.DurableFunctions();

        Assert.Equal(tasks.Orchestrators.Keys.Order(StringComparer.Ordinal), functions.Where(f => f.Orchestrator).Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(tasks.Activities.Keys.Order(StringComparer.Ordinal), functions.Where(f => !f.Orchestrator).Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_workload_runs_to_completion_through_the_apps_own_functions_with_child_orchestrations()
    {
        await using var host = await FunctionsHost.StartAsync();
        var parameters = System.Text.Json.JsonDocument.Parse("""{"seed": 3, "count": 2500, "batchSize": 500, "customerCount": 100, "merchantCount": 1000}""").RootElement;

        Assert.True(await host.Runs.For(host.Client).StartForEventAsync("gen", "gen-direct", new RunRequest(null, parameters), default));
        var metadata = await host.Client.WaitForInstanceCompletionAsync(Pipeline.Runs.RunIds.InstanceId("gen", "gen-direct"), getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);

        Assert.True(metadata.RuntimeStatus == Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, $"{metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorType} {metadata.FailureDetails?.ErrorMessage} {metadata.FailureDetails?.StackTrace}");
        // 5 partitions with at most 2 per child: the parent ran gen_partitions three times, each one finished.
        var children = await host.Runs.For(host.Client).Client.QueryAsync(
            new Pipeline.Runs.RunQuery(IdPrefix: Pipeline.Runs.RunIds.ChildrenOf(Pipeline.Runs.RunIds.InstanceId("gen", "gen-direct")), PageSize: 10, WithInputsAndOutputs: false), default);
        Assert.Equal(3, children.Runs.Count);
        Assert.All(children.Runs, c => Assert.Equal(Pipeline.Runs.RuntimeStatus.Completed, c.Status));
        Assert.Contains(host.Events.Events, e => e.RunId == "gen-direct" && e.Status == "Completed");
    }
}
