using Tributary.Pipeline.Hosting;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Settings;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Hosting;

/// <summary>The pipeline settings both hosts read through one schema, and the parts both hosts compose from it.</summary>
public sealed class PipelineOptionsSettingsTests
{
    [Fact]
    public void Set_keys_replace_their_defaults_and_absent_keys_keep_them()
    {
        var values = Values(("Tributary:MissingFileWait", "00:00:05"), ("Tributary:Pipeline:MaxPartitionsInFlight", "8"), ("Tributary:Pipeline:PartitionsPerChild", "100"));

        var options = PipelineOptions.From(values);

        Assert.Empty(values.Errors);
        Assert.Equal(TimeSpan.FromSeconds(5), options.MissingFileWait);
        Assert.Equal(8, options.MaxPartitionsInFlight);
        Assert.Equal(100, options.PartitionsPerChild);
        Assert.Equal(new PipelineOptions().SubOrchestrationThreshold, options.SubOrchestrationThreshold);
    }

    [Fact]
    public void Every_unusable_value_is_a_line_naming_its_key_and_none_is_defaulted_silently()
    {
        var values = Values(
            ("Tributary:MissingFileWait", "soon"),
            ("Tributary:Pipeline:MaxPartitionsInFlight", "0"),
            ("Tributary:Pipeline:SubOrchestrationThreshold", "10"),
            ("Tributary:Pipeline:PartitionsPerChild", "50"));

        PipelineOptions.From(values);

        Assert.Equal(3, values.Errors.Count);
        Assert.StartsWith("Tributary:MissingFileWait: ", values.Errors[0]);
        Assert.StartsWith("Tributary:Pipeline:MaxPartitionsInFlight: ", values.Errors[1]);
        Assert.StartsWith("Tributary:Pipeline:PartitionsPerChild: 50 is above SubOrchestrationThreshold (10)", values.Errors[2]);
    }

    [Fact]
    public void Compose_gives_each_workload_its_seven_tasks_over_the_given_ports()
    {
        var services = new PipelineServices(new InMemoryBlobStore(), new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), TimeProvider.System);

        var parts = PipelineParts.Compose(services);

        Assert.Equal(WorkloadCatalog.Create(services).Select(w => w.Kind).Order(), parts.Workloads.Keys.Order());
        Assert.Same(services, parts.Services);
        foreach (var kind in parts.Workloads.Keys)
        {
            Assert.Contains(WorkloadTaskNames.Orchestrator(kind), parts.Tasks.Orchestrators.Keys);
            Assert.Contains(WorkloadTaskNames.Partition(kind), parts.Tasks.Activities.Keys);
        }
    }

    private static SettingValues Values(params (string Key, string Value)[] set)
    {
        var map = set.ToDictionary(s => s.Key, s => s.Value, StringComparer.OrdinalIgnoreCase);
        return new SettingValues(key => map.GetValueOrDefault(key));
    }
}
