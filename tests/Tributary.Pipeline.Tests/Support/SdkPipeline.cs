using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Tributary.Pipeline.Hosting;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Testing;

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
        var parts = PipelineParts.Compose(services, options, _ => workloads);
        return new SdkPipeline(await SdkTestHost.StartAsync(parts.Tasks.AddTo), parts.Workloads, services);
    }

    /// <summary>Starts the workload's orchestration under this run id.</summary>
    public Task<bool> StartAsync(string kind, RunRequest request, string id) =>
        Runs.StartForEventAsync(kind, id, request, CancellationToken.None);

    /// <summary>Waits until the run is finished and returns its state.</summary>
    public async Task<RunState> WaitForCompletionAsync(string id, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var instance = (await Runs.FindAsync(id, withInputsAndOutputs: false, deadline.Token))?.Id ?? throw new InvalidOperationException($"no run {id}");
        var metadata = await Client.WaitForInstanceCompletionAsync(instance, getInputsAndOutputs: true, deadline.Token);
        return DurableTaskRunClient.ToState(metadata);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
