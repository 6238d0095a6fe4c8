using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging.Abstractions;
using System.Text.Json;
using Tributary.Pipeline.Hosting;
using Tributary.Host.Demo;
using Tributary.Host.Runtime;
using Tributary.Pipeline.Drops;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Testing;

namespace Tributary.Host.Tests.Runtime;

/// <summary>
/// One orchestration code, two engines: every workload's sample run gives the same output on the SDK's own in-process
/// engine (what the Functions app runs on) as on the Durable Task Framework worker `tributary serve` runs.
/// </summary>
public sealed class RuntimeParityTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("tributary-parity-").FullName;

    [Fact]
    public async Task Every_workload_gives_the_same_output_on_the_sdk_engine_and_on_the_framework_worker()
    {
        var onSdk = await RunSamplesAsync(async (tasks, _) =>
        {
            var host = await SdkTestHost.StartAsync(tasks.AddTo);
            return (new DurableTaskRunClient(host.Client), host);
        });
        var onFramework = await RunSamplesAsync(async (tasks, _) =>
        {
            var runtime = await DurableTaskRuntime.StartAsync(new InMemoryOrchestrationService(NullLoggerFactory.Instance), tasks, "in memory", null);
            return (runtime.Client, runtime);
        });

        Assert.Equal(["forecast", "gen", "hpi", "recon"], onSdk.Keys.Order());
        foreach (var (kind, output) in onSdk)
        {
            Assert.Equal(output, onFramework[kind]);
        }
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    // Runs the demo's three sample drops to completion on one engine; returns each run's output JSON by kind.
    private async Task<Dictionary<string, string>> RunSamplesAsync(Func<WorkloadTasks, PipelineServices, Task<(IRunClient Client, IAsyncDisposable Engine)>> start)
    {
        var services = new PipelineServices(new InMemoryBlobStore(), new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), TimeProvider.System);
        var parts = PipelineParts.Compose(services);
        var (client, engine) = await start(parts.Tasks, services);
        await using var _ = engine;
        var runs = new RunService(client, parts.Workloads, services);
        var drops = await DemoSamples.DropAllAsync(services.Blobs, Directory.CreateDirectory(Path.Combine(_scratch, Guid.NewGuid().ToString("N"))).FullName, default);
        var outputs = new Dictionary<string, string>();
        foreach (var drop in drops)
        {
            var outcome = await DropIntake.AcceptAsync(runs, parts.Workloads[drop.Kind], services.Blobs, drop.Trigger, default);
            var deadline = DateTime.UtcNow.AddSeconds(90);
            RunState? state;
            do
            {
                await Task.Delay(50);
                state = await runs.FindAsync(outcome.RunId!, true, default);
            }
            while (state is not { IsTerminal: true } && DateTime.UtcNow < deadline);

            Assert.Equal(RuntimeStatus.Completed, state!.Status);
            outputs[drop.Kind] = JsonDocument.Parse(state.Output!).RootElement.GetRawText();
        }

        return outputs;
    }
}
