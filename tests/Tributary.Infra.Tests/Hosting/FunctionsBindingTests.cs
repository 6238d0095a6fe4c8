using Tributary.Infra.Tests.Arm;
using Tributary.Infra.Tests.Bicep;

namespace Tributary.Infra.Tests.Hosting;

/// <summary>The Functions app's bindings name only settings and connections that the Bicep (and the local sample) provide.</summary>
[Collection(InfraCollection.Name)]
public sealed class FunctionsBindingTests(InfraTemplates infra)
{
    [Fact]
    public void Every_blob_trigger_is_event_based_and_has_its_event_grid_subscription()
    {
        var triggers = FunctionsSource.BlobTriggers();
        var subscriptions = infra.DevWithWebhookKey.OfType(AzureTypes.EventSubscription)
            .ToDictionary(
                s => s.Properties["destination"]!["properties"]!["endpointUrl"]!.GetValue<string>().Split("functionName=Host.Functions.")[1].Split('&')[0],
                s => s.Properties["filter"]!["subjectBeginsWith"]!.GetValue<string>());

        Assert.Equal(3, triggers.Count);
        // Flex Consumption runs no polling blob triggers.
        Assert.All(triggers.Values, t => Assert.Equal("EventGrid", t.Source));
        Assert.Equal(triggers.Keys.Order(), subscriptions.Keys.Order());
        foreach (var (function, (container, _)) in triggers)
        {
            Assert.Equal($"/blobServices/default/containers/{container}/", subscriptions[function]);
        }
    }

    [Fact]
    public void Every_setting_a_binding_expression_names_is_an_app_setting_in_azure_and_in_the_local_sample()
    {
        var expressions = FunctionsSource.SettingExpressions();
        var local = HostSettingsTests.LocalValues;

        Assert.Contains("RunEventsTopic", expressions);
        foreach (var setting in expressions)
        {
            Assert.True(infra.Dev.AppSettings().ContainsKey(setting), $"{setting} is not an app setting in Bicep");
            Assert.True(local.ContainsKey(setting), $"{setting} is not in local.settings.sample.json");
        }
    }

    [Fact]
    public void Every_binding_connection_is_identity_based_in_azure()
    {
        var connections = FunctionsSource.Connections();
        var settings = infra.Dev.AppSettings();

        Assert.Contains("ServiceBus", connections);
        foreach (var connection in connections)
        {
            Assert.Equal("managedidentity", settings[$"{connection}__credential"]);
            Assert.Contains(settings.Keys, k => k is var key && (key == $"{connection}__accountName" || key == $"{connection}__fullyQualifiedNamespace"));
        }
    }

    [Fact]
    public void Durable_function_names_are_core_names_with_dots_replaced()
    {
        var functions = FunctionsSource.DurableFunctions();

        // 3 workloads x (orchestrator, child orchestrator, plan, partition, finalize, quarantine).
        Assert.Equal(18, functions.Count);
        Assert.All(functions, f => Assert.Equal(f.CoreName.Replace('.', '_'), f.Function));
        Assert.Equal(functions.Count, functions.Select(f => f.Function).Distinct().Count());
    }
}
