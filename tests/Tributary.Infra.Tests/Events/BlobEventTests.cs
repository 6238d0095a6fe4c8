using Tributary.Infra.Tests.Arm;
using Tributary.Infra.Tests.Bicep;

namespace Tributary.Infra.Tests.Events;

/// <summary>Drop containers exist and BlobCreated in each reaches its blob trigger through Event Grid (Flex has no polling).</summary>
[Collection(InfraCollection.Name)]
public sealed class BlobEventTests(InfraTemplates infra)
{
    // Drop container -> the blob trigger on it, as the self-hosted runtime's drop conventions name them.
    private static readonly Dictionary<string, string> Triggers = new()
    {
        ["hpi-drop"] = "HpiDrop",
        ["recon-drop"] = "ReconDrop",
        ["gen-requests"] = "GenRequest",
        ["forecast-drop"] = "ForecastDrop",
    };

    [Fact]
    public void Storage_has_the_pipeline_and_deployment_containers()
    {
        var containers = infra.Dev.OfType(AzureTypes.BlobContainer).Select(c => c.ShortName).Order();

        Assert.Equal(["app-package", "forecast-drop", "gen-requests", "hpi-drop", "outputs", "quarantine", "recon-drop", "staging"], containers);
        var deploymentUrl = infra.Dev.Single(AzureTypes.Site).Properties["functionAppConfig"]!["deployment"]!["storage"]!["value"]!.GetValue<string>();
        Assert.EndsWith("app-package", deploymentUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_drop_container_has_a_blob_created_subscription_to_its_trigger_once_the_key_is_known()
    {
        var app = infra.DevWithWebhookKey.Single(AzureTypes.Site).Name;
        var subscriptions = infra.DevWithWebhookKey.OfType(AzureTypes.EventSubscription).ToList();

        Assert.Equal(Triggers.Count, subscriptions.Count);
        foreach (var (container, function) in Triggers)
        {
            var subscription = Assert.Single(subscriptions,
                s => s.Properties["filter"]!["subjectBeginsWith"]!.GetValue<string>() == $"/blobServices/default/containers/{container}/");
            Assert.Equal(["Microsoft.Storage.BlobCreated"],
                subscription.Properties["filter"]!["includedEventTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
            var url = subscription.Properties["destination"]!["properties"]!["endpointUrl"]!.GetValue<string>();
            Assert.StartsWith("https://reference('", url, StringComparison.Ordinal);
            Assert.Contains($"/sites/{app}'", url, StringComparison.Ordinal);
            Assert.EndsWith($"/runtime/webhooks/blobs?functionName=Host.Functions.{function}&code={InfraTemplates.SampleBlobsExtensionKey}", url, StringComparison.Ordinal);
        }
        var topic = infra.DevWithWebhookKey.Single(AzureTypes.SystemTopic);
        Assert.EndsWith($"/storageAccounts/{infra.DevWithWebhookKey.Single(AzureTypes.StorageAccount).Name}",
            topic.Properties["source"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_key_the_topic_exists_but_no_subscription_is_deployed()
    {
        Assert.Single(infra.Dev.OfType(AzureTypes.SystemTopic));
        Assert.Empty(infra.Dev.OfType(AzureTypes.EventSubscription));
        Assert.Empty(infra.Prod.OfType(AzureTypes.EventSubscription));
        // They are in the template, only switched off by their condition.
        Assert.Equal(Triggers.Count, infra.Dev.Resources.Count(r => r.Type == AzureTypes.EventSubscription && !r.Deployed));
    }
}
