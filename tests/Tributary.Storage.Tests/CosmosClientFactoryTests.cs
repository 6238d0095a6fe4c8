using Microsoft.Azure.Cosmos;
using Tributary.Storage.Cosmos;

namespace Tributary.Storage.Tests;

public sealed class CosmosClientFactoryTests
{
    private const string FakeKey = "dGVzdC1rZXktbm90LWEtc2VjcmV0LXRlc3Qta2V5LW5vdC1hLXNlY3JldA==";

    [Fact]
    public void Local_endpoints_get_gateway_mode_the_certificate_bypass_and_never_bulk()
    {
        using var client = CosmosClientFactory.Create(new CosmosSettings { ConnectionString = $"AccountEndpoint=https://127.0.0.1:8081/;AccountKey={FakeKey};", AllowBulk = true });

        Assert.Equal(ConnectionMode.Gateway, client.ClientOptions.ConnectionMode);
        Assert.True(client.ClientOptions.LimitToEndpoint);
        Assert.NotNull(client.ClientOptions.HttpClientFactory);
        Assert.False(client.ClientOptions.AllowBulkExecution);
    }

    [Fact]
    public void Real_endpoints_keep_certificate_checks_and_use_bulk_when_allowed()
    {
        using var client = CosmosClientFactory.Create(new CosmosSettings { ConnectionString = $"AccountEndpoint=https://tributary.documents.azure.com:443/;AccountKey={FakeKey};" });
        using var noBulk = CosmosClientFactory.Create(new CosmosSettings { ConnectionString = $"AccountEndpoint=https://tributary.documents.azure.com:443/;AccountKey={FakeKey};", AllowBulk = false });

        Assert.Null(client.ClientOptions.HttpClientFactory);
        Assert.Null(client.ClientOptions.ServerCertificateCustomValidationCallback);
        Assert.False(client.ClientOptions.LimitToEndpoint);
        Assert.True(client.ClientOptions.AllowBulkExecution);
        Assert.False(noBulk.ClientOptions.AllowBulkExecution);
    }

    [Fact]
    public void Settings_read_the_names_the_bicep_gives_the_function_app()
    {
        var config = new Dictionary<string, string?>
        {
            ["Cosmos:accountEndpoint"] = "https://tributary.documents.azure.com:443/",
            ["Cosmos:clientId"] = "identity-1",
            ["Cosmos:database"] = "prod",
            ["Cosmos:allowBulk"] = "false",
        };

        var settings = CosmosSettings.FromConfiguration(key => config.GetValueOrDefault(key));

        Assert.Equal(new Uri("https://tributary.documents.azure.com:443/"), settings.Endpoint);
        Assert.Equal("identity-1", settings.ManagedIdentityClientId);
        Assert.Equal("prod", settings.Database);
        Assert.False(settings.AllowBulk);
        Assert.False(settings.IsLocal);
        Assert.Null(settings.ConnectionString);
    }

    [Fact]
    public void Missing_settings_say_which_keys_to_set()
    {
        var settings = CosmosSettings.FromConfiguration(_ => null);

        var error = Assert.Throws<InvalidOperationException>(() => settings.Endpoint);

        Assert.Contains(CosmosSettings.ConnectionStringKey, error.Message);
        Assert.Contains(CosmosSettings.AccountEndpointKey, error.Message);
    }
}
