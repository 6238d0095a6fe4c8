using Microsoft.Extensions.DependencyInjection;
using Tributary.Pipeline.Hosting;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Functions.Tests.Hosting;

/// <summary>Core's composition root as the Functions app calls it: after its adapters, one call, settings checked at once.</summary>
public sealed class PipelineCompositionTests
{
    [Fact]
    public void The_pipeline_resolves_over_the_registered_adapters_with_the_configured_options()
    {
        var blobs = new InMemoryBlobStore();
        var settings = new Dictionary<string, string> { ["Tributary:Pipeline:MaxPartitionsInFlight"] = "12" };
        using var provider = Adapters(blobs).AddTributaryPipeline(key => settings.GetValueOrDefault(key)).BuildServiceProvider();

        var parts = provider.GetRequiredService<PipelineParts>();

        Assert.Same(blobs, provider.GetRequiredService<PipelineServices>().Blobs);
        Assert.Same(parts.Workloads, provider.GetRequiredService<IReadOnlyDictionary<string, IWorkload>>());
        Assert.Same(parts.Tasks, provider.GetRequiredService<WorkloadTasks>());
        Assert.Equal(12, provider.GetRequiredService<PipelineOptions>().MaxPartitionsInFlight);
        Assert.Equal(12, parts.Options.MaxPartitionsInFlight);
        Assert.Contains("recon", parts.Workloads.Keys);
    }

    [Fact]
    public void Unusable_settings_stop_the_composition_naming_every_key()
    {
        var settings = new Dictionary<string, string>
        {
            ["Tributary:MissingFileWait"] = "-5",
            ["Tributary:Pipeline:PartitionsPerChild"] = "many",
        };

        var error = Assert.Throws<InvalidOperationException>(() => Adapters(new InMemoryBlobStore()).AddTributaryPipeline(key => settings.GetValueOrDefault(key)));

        Assert.Contains("Tributary:MissingFileWait: ", error.Message);
        Assert.Contains("Tributary:Pipeline:PartitionsPerChild: ", error.Message);
    }

    private static IServiceCollection Adapters(IBlobStore blobs) =>
        new ServiceCollection()
            .AddSingleton(blobs)
            .AddSingleton<IDocumentStore>(new InMemoryDocumentStore())
            .AddSingleton<IRunEventPublisher>(new InMemoryRunEventPublisher());
}
