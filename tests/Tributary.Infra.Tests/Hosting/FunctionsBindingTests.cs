using Tributary.Infra.Tests.Arm;
using Tributary.Infra.Tests.Bicep;

namespace Tributary.Infra.Tests.Hosting;

/// <summary>The Functions app's bindings (its compiled attributes) name only settings and subscriptions that the Bicep (and the local sample) provide.</summary>
[Collection(InfraCollection.Name)]
public sealed class FunctionsBindingTests(InfraTemplates infra)
{
    [Fact]
    public void Every_blob_trigger_is_event_based_and_has_its_event_grid_subscription()
    {
        var triggers = FunctionsBindings.BlobTriggers();
        var subscriptions = infra.DevWithWebhookKey.OfType(AzureTypes.EventSubscription)
            .ToDictionary(
                s => s.Properties["destination"]!["properties"]!["endpointUrl"]!.GetValue<string>().Split("functionName=Host.Functions.")[1].Split('&')[0],
                s => s.Properties["filter"]!["subjectBeginsWith"]!.GetValue<string>());

        Assert.Equal(4, triggers.Count);
        // Flex Consumption runs no polling blob triggers.
        Assert.All(triggers.Values, t => Assert.Equal(Microsoft.Azure.Functions.Worker.BlobTriggerSource.EventGrid, t.Source));
        Assert.Equal(triggers.Keys.Order(), subscriptions.Keys.Order());
        foreach (var (function, (container, _)) in triggers)
        {
            Assert.Equal($"/blobServices/default/containers/{container}/", subscriptions[function]);
        }
    }

    [Fact]
    public void Every_setting_a_binding_expression_names_is_an_app_setting_in_azure_and_in_the_local_sample()
    {
        var expressions = FunctionsBindings.SettingExpressions();
        var local = HostSettingsTests.LocalValues;

        Assert.Equal(["ForecastNightlySchedule", "HpiNightlySchedule", "PurgeDailySchedule"], expressions.Order(StringComparer.Ordinal));
        foreach (var setting in expressions)
        {
            Assert.True(infra.Dev.AppSettings().ContainsKey(setting), $"{setting} is not an app setting in Bicep");
            Assert.True(local.ContainsKey(setting), $"{setting} is not in local.settings.sample.json");
        }
    }

    [Fact]
    public void Service_bus_is_reached_through_the_identity_with_the_settings_the_app_reads()
    {
        var settings = infra.Dev.AppSettings();
        // The app reads configuration keys with ':'; app settings spell them with '__'.
        static string Setting(string key) => key.Replace(":", "__", StringComparison.Ordinal);

        Assert.Contains(Setting(Tributary.Functions.PipelineRegistration.ServiceBusNamespaceKey), settings.Keys);
        Assert.Equal(settings["ServiceBus__clientId"], settings[Setting(Tributary.Functions.PipelineRegistration.ServiceBusClientIdKey)]);
        Assert.Equal("managedidentity", settings["ServiceBus__credential"]);
        Assert.Contains(Tributary.Functions.PipelineRegistration.RunEventsTopicKey, settings.Keys);
        Assert.True(HostSettingsTests.LocalValues.ContainsKey(Tributary.Functions.PipelineRegistration.RunEventsTopicKey));
    }
}
