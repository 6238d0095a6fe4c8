using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Tributary.Functions.Durable;
using Tributary.Functions.Runs;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Hosting;
using Tributary.Pipeline.Workloads;

using Tributary.Testing;

namespace Tributary.Functions.Tests.Support;

/// <summary>
/// The app's orchestrator and activity functions on the Durable Task SDK's in-process test host, registered under their
/// <c>[Function]</c> names, as the Durable extension would dispatch to them, with the real workloads over in-memory ports.
/// Its <see cref="Client"/> is a real <see cref="DurableTaskClient"/>, what <c>[DurableClient]</c> binds.
/// </summary>
internal sealed class FunctionsHost : IAsyncDisposable
{
    private readonly DurableTaskTestHost _host;

    private FunctionsHost(DurableTaskTestHost host, PipelineServices services, IReadOnlyDictionary<string, IWorkload> workloads, InMemoryBlobStore blobs, InMemoryRunEventPublisher events)
    {
        _host = host;
        Services = services;
        Workloads = workloads;
        Blobs = blobs;
        Events = events;
        Runs = new RunServices(workloads, services);
    }

    public DurableTaskClient Client => _host.Client;

    public PipelineServices Services { get; }

    public IReadOnlyDictionary<string, IWorkload> Workloads { get; }

    public InMemoryBlobStore Blobs { get; }

    public InMemoryRunEventPublisher Events { get; }

    public RunServices Runs { get; }

    /// <summary>Small children, so a modest run also goes through the `{kind}_partitions` functions.</summary>
    public static PipelineOptions Options { get; } = new() { SubOrchestrationThreshold = 2, PartitionsPerChild = 2 };

    /// <summary>The function names of the app's orchestrator and activity functions.</summary>
    public static IReadOnlyList<(string Name, MethodInfo Method, bool Orchestrator)> DurableFunctions() =>
        typeof(WorkloadOrchestrators).GetMethods().Concat(typeof(WorkloadActivities).GetMethods())
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(f => f.Function is not null)
            .Select(f => (f.Function!.Name, f.Method, f.Method.GetParameters().Any(p => p.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null)))
            .ToList();

    public static async Task<FunctionsHost> StartAsync()
    {
        var blobs = new InMemoryBlobStore();
        var events = new InMemoryRunEventPublisher();
        var services = new PipelineServices(blobs, new InMemoryDocumentStore(), events, TimeProvider.System);
        var parts = PipelineParts.Compose(services, Options);
        var orchestrators = new WorkloadOrchestrators(parts.Tasks);
        var activities = new WorkloadActivities(parts.Tasks);
        var host = await SdkTestHost.StartAsync(registry => Register(registry, orchestrators, activities));
        var started = new FunctionsHost(host, services, parts.Workloads, blobs, events);
        // What the app's BuildRunIndex timer does as the worker starts: the hub is brand new, so it is marked built at once.
        await new RunIndexTimer(started.Runs).BuildAsync(null!, host.Client, default);
        return started;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    // Each function is registered as the extension dispatches to it: its input deserialised as the function's own input
    // parameter type, an orchestrator given the orchestration context, an activity a context holding the instance id.
    private static void Register(DurableTaskRegistry registry, WorkloadOrchestrators orchestrators, WorkloadActivities activities)
    {
        foreach (var (name, method, orchestrator) in DurableFunctions())
        {
            if (orchestrator)
            {
                registry.AddOrchestrator(name, () => new FunctionOrchestrator(orchestrators, method));
            }
            else
            {
                registry.AddActivity(name, _ => new FunctionActivity(activities, method));
            }
        }
    }

    // Invoked without reflection's wrapping, so a function's own exception reaches the SDK as the function threw it.
    private static async Task<object?> InvokeAsync(MethodInfo method, object target, object?[] arguments)
    {
        Task running;
        try
        {
            running = (Task)method.Invoke(target, arguments)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }

        await running;
        return running.GetType().GetProperty("Result")!.GetValue(running);
    }

    private sealed class FunctionOrchestrator(object target, MethodInfo method) : ITaskOrchestrator
    {
        public Type InputType => method.GetParameters()[1].ParameterType;

        public Type OutputType => method.ReturnType.GetGenericArguments()[0];

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) => InvokeAsync(method, target, [context, input]);
    }

    private sealed class FunctionActivity(object target, MethodInfo method) : ITaskActivity
    {
        public Type InputType => method.GetParameters()[0].ParameterType;

        public Type OutputType => method.ReturnType.GetGenericArguments()[0];

        public Task<object?> RunAsync(TaskActivityContext context, object? input) => InvokeAsync(method, target, [input, new TestFunctionContext(context.InstanceId)]);
    }
}
