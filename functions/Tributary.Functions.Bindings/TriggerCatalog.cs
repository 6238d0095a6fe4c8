using Tributary.Http;
using Tributary.Pipeline.Hosting;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Workloads;

namespace Tributary.Functions.Bindings;

/// <summary>Every function the app needs, read from core: the tasks and drops of the workloads, and the routes of the table.</summary>
public static class TriggerCatalog
{
    /// <summary>The functions of core's catalog and route table: what the app builds with.</summary>
    public static IReadOnlyList<TriggerBinding> FromCore() => For(null, PipelineApi.Routes.Values);

    /// <summary>
    /// The functions of <paramref name="workloads"/> (core's catalog when null) and <paramref name="routes"/>, sorted by
    /// trigger and name so the written source does not change unless the catalog does.
    /// </summary>
    public static IReadOnlyList<TriggerBinding> For(Func<PipelineServices, IEnumerable<IWorkload>>? workloads, IEnumerable<ApiRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        // The tasks are only inspected for their types, never run, so in-memory ports are enough to build them.
        var services = new PipelineServices(new InMemoryBlobStore(), new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), TimeProvider.System);
        var parts = PipelineParts.Compose(services, workloads: workloads);
        var bindings = new List<TriggerBinding>();
        foreach (var (name, create) in parts.Tasks.Orchestrators)
        {
            var orchestrator = create();
            bindings.Add(new TriggerBinding(TriggerKind.Orchestration, name, name, orchestrator.InputType, orchestrator.OutputType));
        }

        foreach (var (name, create) in parts.Tasks.Activities)
        {
            var activity = create();
            bindings.Add(new TriggerBinding(TriggerKind.Activity, name, name, activity.InputType, activity.OutputType));
        }

        foreach (var workload in parts.Workloads.Values.Where(w => w.Drop is not null))
        {
            bindings.Add(new TriggerBinding(TriggerKind.Drop, DropTriggerName(workload), workload.Kind, Path: workload.Drop!.Container));
        }

        bindings.AddRange(routes.Select(r => new TriggerBinding(TriggerKind.Http, r.Name, r.Name, Path: r.Template, Method: r.Method.ToLowerInvariant())));
        return bindings.OrderBy(b => b.Trigger).ThenBy(b => b.FunctionName, StringComparer.Ordinal).ToList();
    }

    /// <summary>The drop's blob trigger function: its convention's name, else `{Kind}Drop` (infra/main.bicep subscribes it by this name).</summary>
    public static string DropTriggerName(IWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return workload.Drop?.TriggerName ?? CSharpNames.Pascal(workload.Kind) + "Drop";
    }
}
