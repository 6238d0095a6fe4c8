using System.Text.RegularExpressions;
using Tributary.Infra.Tests.Arm;
using Tributary.Infra.Tests.Bicep;

namespace Tributary.Infra.Tests.Security;

/// <summary>No keys anywhere: no list*() calls, no keyed connection strings, local/shared-key auth off on every service.</summary>
[Collection(InfraCollection.Name)]
public sealed partial class KeylessAccessTests(InfraTemplates infra)
{
    [Fact]
    public void Compiled_template_calls_no_list_function()
    {
        // listKeys, listConnectionStrings, listAccountSas, listServiceSas, ... all hand out secrets.
        Assert.DoesNotMatch(ListFunction(), infra.CompiledJson);
    }

    [Fact]
    public void No_value_is_a_connection_string_with_a_key()
    {
        foreach (var (environment, template) in infra.All)
        {
            var offending = template.Resources
                .SelectMany(r => AzureTypes.Strings(r.Body).Select(s => (r.Name, Value: s)))
                .Where(x => KeyedConnectionString().IsMatch(x.Value))
                .ToList();
            Assert.True(offending.Count == 0, $"{environment}: {string.Join("; ", offending)}");
        }
    }

    [Fact]
    public void App_settings_use_identity_based_connections_only()
    {
        foreach (var (environment, template) in infra.All)
        {
            var settings = template.AppSettings();
            foreach (var connection in new[] { "AzureWebJobsStorage", "Cosmos", "ServiceBus" })
            {
                Assert.False(settings.ContainsKey(connection), $"{environment}: {connection} must not be a connection string");
                Assert.Equal("managedidentity", settings[$"{connection}__credential"]);
                Assert.Contains(template.AppIdentityId(), settings[$"{connection}__clientId"], StringComparison.Ordinal);
            }
            Assert.Contains(template.AppIdentityId(), settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
            Assert.EndsWith(";Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
            // Flex Consumption takes the stack from functionAppConfig and rejects these settings.
            Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys);
            Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings.Keys);
        }
    }

    [Fact]
    public void Storage_account_refuses_shared_keys_public_blobs_plain_http_and_old_tls()
    {
        foreach (var (environment, template) in infra.All)
        {
            var properties = template.Single(AzureTypes.StorageAccount).Properties;
            Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>(), environment);
            Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>(), environment);
            Assert.True(properties["supportsHttpsTrafficOnly"]!.GetValue<bool>(), environment);
            Assert.Equal("TLS1_2", properties["minimumTlsVersion"]!.GetValue<string>());
            Assert.All(template.OfType(AzureTypes.BlobContainer), c => Assert.Equal("None", c.Properties["publicAccess"]!.GetValue<string>()));
        }
    }

    [Fact]
    public void Function_app_is_https_only_on_flex_consumption_without_basic_auth_publishing()
    {
        foreach (var (_, template) in infra.All)
        {
            var site = template.Single(AzureTypes.Site);
            Assert.True(site.Properties["httpsOnly"]!.GetValue<bool>());
            Assert.Equal("1.2", site.Properties["siteConfig"]!["minTlsVersion"]!.GetValue<string>());
            Assert.Equal("FC1", template.Single(AzureTypes.Plan).Body["sku"]!["name"]!.GetValue<string>());
            var deployment = site.Properties["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!;
            Assert.Equal("UserAssignedIdentity", deployment["type"]!.GetValue<string>());
            Assert.Equal(template.AppIdentityId(), deployment["userAssignedIdentityResourceId"]!.GetValue<string>());
            var policies = template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
            Assert.Equal(["ftp", "scm"], policies.Select(p => p.ShortName).Order());
            Assert.All(policies, p => Assert.False(p.Properties["allow"]!.GetValue<bool>()));
        }
    }

    [Fact]
    public void Cosmos_service_bus_and_app_insights_have_local_auth_disabled()
    {
        foreach (var (_, template) in infra.All)
        {
            Assert.True(template.Single(AzureTypes.CosmosAccount).Properties["disableLocalAuth"]!.GetValue<bool>());
            Assert.True(template.Single(AzureTypes.ServiceBusNamespace).Properties["disableLocalAuth"]!.GetValue<bool>());
            Assert.True(template.Single(AzureTypes.AppInsights).Properties["DisableLocalAuth"]!.GetValue<bool>());
        }
    }

    [GeneratedRegex(@"\blist[A-Z][A-Za-z]*\s*\(|\blistkeys\b", RegexOptions.IgnoreCase)]
    private static partial Regex ListFunction();

    [GeneratedRegex(@"AccountKey=|SharedAccessKey|SharedAccessSignature=|AccessKey=", RegexOptions.IgnoreCase)]
    private static partial Regex KeyedConnectionString();
}
