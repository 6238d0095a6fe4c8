using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Tributary.Functions.Bindings;
using Tributary.Functions.Durable;
using Tributary.Http;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Workloads;

namespace Tributary.Functions.Tests.Bindings;

/// <summary>
/// The app's trigger methods are written from core as it builds: the compiled app has exactly the functions core's catalog
/// and route table name, with their types, and a workload or route added in core gets its functions with no edit here.
/// </summary>
public sealed class TriggerBindingsTests
{
    [Fact]
    public void The_compiled_app_has_exactly_the_functions_core_names_with_the_tasks_own_types()
    {
        var expected = TriggerCatalog.FromCore().Select(Describe).Order(StringComparer.Ordinal).ToList();

        var compiled = Enum.GetValues<TriggerKind>()
            .SelectMany(kind => typeof(WorkloadActivities).Assembly.GetType(string.Join('.', BindingSource.ClassOf(kind).Namespace, BindingSource.ClassOf(kind).Type))!
                .GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
                .Select(m => Describe(kind, m)))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(expected, compiled);
        // Every workload's eight tasks, every drop and every route: a catalog that lost one would shrink this.
        Assert.Equal(PipelineApi.Routes.Count + 4 + (4 * 8), compiled.Count);
    }

    [Fact]
    public void A_workload_and_a_route_added_in_core_get_their_functions_from_the_catalog_alone()
    {
        var route = new ApiRoute("GetToyScores", "GET", "toy/{runId}/scores", PipelineOperation.Read, _ => Task.FromResult(Results.Ok()), "A toy's scores.", "toy");

        var bindings = TriggerCatalog.For(services => [.. WorkloadCatalog.Create(services), new ToyWorkload()], [.. PipelineApi.Routes.Values, route]);
        var source = BindingSource.Render(bindings);

        var toy = bindings.Where(b => b.Target.StartsWith("toy", StringComparison.Ordinal) || b.Target == "GetToyScores").Select(Describe).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "Activity toy_cleanup(String) -> Int32",
                "Activity toy_failed(RunFailedCall) -> Boolean",
                "Activity toy_finalize(FinalizeCall) -> JsonElement",
                "Activity toy_partition(PartitionCall) -> JsonElement",
                "Activity toy_plan(PlanCall) -> PlannedRun",
                "Activity toy_quarantine(QuarantineCall) -> BlobRef",
                "Drop ToyDrop toy-drop",
                "Http GetToyScores get toy/{runId}/scores",
                "Orchestration toy(RunRequest) -> JsonElement",
                "Orchestration toy_partitions(PartitionBatch) -> JsonElement[]",
            ],
            toy);
        Assert.Contains("[Function(\"toy_plan\")]", source["WorkloadActivities.g.cs"], StringComparison.Ordinal);
        Assert.Contains("RunActivityAsync<global::Tributary.Pipeline.Orchestration.PlanCall, global::Tributary.Pipeline.Orchestration.PlannedRun>(\"toy_plan\", input, context);", source["WorkloadActivities.g.cs"], StringComparison.Ordinal);
        Assert.Contains("[BlobTrigger(\"toy-drop/{name}\", Source = BlobTriggerSource.EventGrid)]", source["DropTriggers.g.cs"], StringComparison.Ordinal);
        Assert.Contains("AcceptAsync(\"toy\", blob, client, cancellationToken);", source["DropTriggers.g.cs"], StringComparison.Ordinal);
        Assert.Contains("[HttpTrigger(AuthorizationLevel.Anonymous, \"get\", Route = \"toy/{runId}/scores\")]", source["PipelineHttpFunctions.g.cs"], StringComparison.Ordinal);
        Assert.Contains("RunOrchestratorAsync<global::Tributary.Pipeline.Orchestration.PartitionBatch, global::System.Text.Json.JsonElement[]>(\"toy_partitions\", context, input);", source["WorkloadOrchestrators.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_drop_trigger_keeps_its_deployed_name()
    {
        var drops = TriggerCatalog.FromCore().Where(b => b.Trigger == TriggerKind.Drop).Select(b => $"{b.FunctionName} {b.Path}").Order(StringComparer.Ordinal);

        // infra/main.bicep subscribes these names to Event Grid; gen's differs from the `{Kind}Drop` rule and says so.
        Assert.Equal(["ForecastDrop forecast-drop", "GenRequest gen-requests", "HpiDrop hpi-drop", "ReconDrop recon-drop"], drops);
    }

    private static string Describe(TriggerBinding b) => b.Trigger switch
    {
        TriggerKind.Drop => $"Drop {b.FunctionName} {b.Path}",
        TriggerKind.Http => $"Http {b.FunctionName} {b.Method} {b.Path}",
        _ => $"{b.Trigger} {b.FunctionName}({b.Input!.Name}) -> {b.Output!.Name}",
    };

    // What the compiled method binds, read from its attributes and signature, in the shape Describe gives a binding.
    private static string Describe(TriggerKind kind, MethodInfo method)
    {
        var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
        var parameters = method.GetParameters();
        var output = method.ReturnType.IsGenericType ? method.ReturnType.GetGenericArguments()[0].Name : "void";
        return kind switch
        {
            TriggerKind.Orchestration => $"Orchestration {name}({parameters[1].ParameterType.Name}) -> {output}",
            TriggerKind.Activity => $"Activity {name}({parameters[0].ParameterType.Name}) -> {output}",
            TriggerKind.Drop => $"Drop {name} {parameters[0].GetCustomAttribute<BlobTriggerAttribute>()!.BlobPath.Split('/')[0]}",
            _ => $"Http {name} {parameters[0].GetCustomAttribute<HttpTriggerAttribute>()!.Methods![0]} {parameters[0].GetCustomAttribute<HttpTriggerAttribute>()!.Route}",
        };
    }
}
