using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Tributary.Pipeline.Durable;
using Microsoft.DurableTask.Testing;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Support;

/// <summary>
/// The workloads' orchestrators and activities on the Durable Task SDK's own engine: <see cref="DurableTaskTestHost"/>, an
/// in-memory backend with real replay. What the tests drive here is exactly what both hosts run.
/// </summary>
internal sealed class SdkPipeline : IAsyncDisposable
{
    private readonly DurableTaskTestHost _host;

    private SdkPipeline(DurableTaskTestHost host, IReadOnlyDictionary<string, IWorkload> workloads, PipelineServices services)
    {
        _host = host;
        RunClient = new DurableTaskRunClient(host.Client);
        Runs = new RunService(RunClient, workloads, services);
    }

    /// <summary>The SDK's client.</summary>
    public DurableTaskClient Client => _host.Client;

    /// <summary>Core's run client over the SDK's client (the one the Functions app uses).</summary>
    public DurableTaskRunClient RunClient { get; }

    /// <summary>The shared run routes' logic over that client.</summary>
    public RunService Runs { get; }

    public static async Task<SdkPipeline> StartAsync(IEnumerable<IWorkload> workloads, PipelineServices services, PipelineOptions? options = null)
    {
        var byKind = workloads.ToDictionary(w => w.Kind, StringComparer.Ordinal);
        var tasks = WorkloadTasks.For(byKind.Values, services, options);
        // The hosts serialise with the pipeline's JSON options (camelCase); the test host is set up the same way.
        var host = await DurableTaskTestHost.StartAsync(tasks.AddTo, new DurableTaskTestHostOptions
        {
            ConfigureServices = services =>
            {
                var converter = new JsonDataConverter(DurableJson.Options);
                services.AddSingleton<DataConverter>(converter);
                services.ConfigureAll<DurableTaskWorkerOptions>(o => o.DataConverter = converter);
                services.ConfigureAll<DurableTaskClientOptions>(o => o.DataConverter = converter);
            },
        });
        return new SdkPipeline(host, byKind, services);
    }

    /// <summary>Starts the workload's orchestration under this exact id.</summary>
    public Task<bool> StartAsync(string kind, RunRequest request, string id) =>
        RunClient.StartIfAbsentAsync(kind, id, request, CancellationToken.None);

    /// <summary>Waits until the run is finished and returns its state.</summary>
    public async Task<RunState> WaitForCompletionAsync(string id, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var metadata = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, deadline.Token);
        return DurableTaskRunClient.ToState(metadata);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
