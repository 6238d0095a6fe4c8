using System.Globalization;
using System.Text.Json.Nodes;
using Tributary.Infra.Tests.Arm;
using Tributary.Infra.Tests.Bicep;
using Tributary.Pipeline.Hosting;

namespace Tributary.Infra.Tests.Hosting;

/// <summary>The Functions app's host.json (at the repository root, copied next to the app by its build) and local.settings.sample.json name only settings that Bicep (or the local emulators) provide.</summary>
[Collection(InfraCollection.Name)]
public sealed class HostSettingsTests(InfraTemplates infra)
{
    private static JsonNode HostJson => JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.RepositoryRoot, "host.json")))!;

    /// <summary>The published key of the Cosmos DB emulator, which the local Cosmos server accepts. Not a secret.</summary>
    private const string CosmosEmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    internal static JsonObject LocalValues => JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.RepositoryRoot, "local.settings.sample.json")))!["Values"]!.AsObject();

    [Fact]
    public void Host_json_tunes_the_task_hub_as_cores_functions_tuning_says()
    {
        var durable = HostJson["extensions"]!["durableTask"]!;
        var provider = durable["storageProvider"]!;
        var fromHostJson = new TaskHubTuning(
            provider["partitionCount"]!.GetValue<int>(),
            TimeSpan.Parse(provider["maxQueuePollingInterval"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            TimeSpan.Parse(provider["workItemQueueVisibilityTimeout"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            durable["maxConcurrentActivityFunctions"]!.GetValue<int>(),
            durable["maxConcurrentOrchestratorFunctions"]!.GetValue<int>(),
            durable["extendedSessionsEnabled"]!.GetValue<bool>());

        Assert.Equal(TaskHubTuning.Functions, fromHostJson);
        // Where they differ, they differ on purpose (TaskHubTuning says why); where they must agree, they do.
        Assert.Equal(TaskHubTuning.SelfHosted.PartitionCount, fromHostJson.PartitionCount);
        Assert.Equal(TaskHubTuning.SelfHosted.ExtendedSessions, fromHostJson.ExtendedSessions);
    }

    [Fact]
    public void Task_hub_name_comes_from_an_app_setting_that_differs_per_environment()
    {
        var durable = HostJson["extensions"]!["durableTask"]!;
        Assert.Equal("%TaskHubName%", durable["hubName"]!.GetValue<string>());

        var dev = infra.Dev.AppSettings()["TaskHubName"];
        var prod = infra.Prod.AppSettings()["TaskHubName"];
        Assert.NotEqual(dev, prod);
        // Task hub names: 3-45 letters and digits, starting with a letter.
        Assert.All(new[] { dev, prod, LocalValues["TaskHubName"]!.GetValue<string>() },
            name => Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,44}$", name));
    }

    [Fact]
    public void Durable_storage_connection_is_the_identity_based_host_storage()
    {
        var provider = HostJson["extensions"]!["durableTask"]!["storageProvider"]!;
        var connection = provider["connectionName"]!.GetValue<string>();

        Assert.Equal("AzureStorage", provider["type"]!.GetValue<string>());
        Assert.Contains($"{connection}__accountName", infra.Dev.AppSettings().Keys);
        Assert.Equal("UseDevelopmentStorage=true", LocalValues[connection]!.GetValue<string>());
    }

    [Fact]
    public void Concurrency_and_history_bounds_are_set()
    {
        var durable = HostJson["extensions"]!["durableTask"]!;

        Assert.InRange(durable["maxConcurrentActivityFunctions"]!.GetValue<int>(), 1, 32);
        Assert.InRange(durable["maxConcurrentOrchestratorFunctions"]!.GetValue<int>(), 1, 64);
        Assert.InRange(durable["maxOrchestrationActions"]!.GetValue<int>(), 1, 100_000);
        Assert.False(durable["extendedSessionsEnabled"]!.GetValue<bool>());
        Assert.False(durable["tracing"]!["traceInputsAndOutputs"]!.GetValue<bool>());
    }

    [Fact]
    public void Telemetry_is_open_telemetry_with_durable_distributed_tracing_v2_and_the_bicep_wires_application_insights()
    {
        var tracing = HostJson["extensions"]!["durableTask"]!["tracing"]!;

        Assert.Equal("OpenTelemetry", HostJson["telemetryMode"]!.GetValue<string>());
        Assert.True(tracing["DistributedTracingEnabled"]!.GetValue<bool>());
        Assert.Equal("V2", tracing["Version"]!.GetValue<string>());
        foreach (var template in new[] { infra.Dev, infra.Prod })
        {
            // The worker turns Azure Monitor on only when this setting is there (its exporter throws without one); the
            // authentication string names the identity that holds Monitoring Metrics Publisher (RoleAssignmentTests).
            var settings = template.AppSettings();
            var component = template.Single(AzureTypes.AppInsights);
            Assert.Contains($"/components/{component.Name}'", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
            Assert.EndsWith("').ConnectionString»", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
            Assert.StartsWith("ClientId=", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
            Assert.EndsWith(";Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
        }

        // Locally nothing is exported unless a developer sets a connection string or an OTLP endpoint.
        Assert.False(LocalValues.ContainsKey("APPLICATIONINSIGHTS_CONNECTION_STRING"));
    }

    [Fact]
    public void Local_sample_points_every_connection_at_the_emulators_and_holds_no_real_key()
    {
        var values = LocalValues;

        Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"]!.GetValue<string>());
        // Locally the Cosmos server takes the emulator key; in Azure the same adapter uses Cosmos__accountEndpoint + identity.
        var cosmos = values["Cosmos__connectionString"]!.GetValue<string>();
        Assert.StartsWith("AccountEndpoint=https://127.0.0.1:", cosmos, StringComparison.Ordinal);
        Assert.EndsWith($"AccountKey={CosmosEmulatorKey}", cosmos, StringComparison.Ordinal);
        Assert.Contains("Cosmos__accountEndpoint", infra.Dev.AppSettings().Keys);
        foreach (var setting in new[] { "Cosmos__database", "ServiceBus__fullyQualifiedNamespace", "RunEventsTopic" })
        {
            Assert.Contains(setting, infra.Dev.AppSettings().Keys);
            Assert.True(values.ContainsKey(setting), setting);
        }

        var file = File.ReadAllText(Path.Combine(BicepCli.RepositoryRoot, "local.settings.sample.json"));
        var withoutEmulatorKey = file.Replace(CosmosEmulatorKey, "", StringComparison.Ordinal);
        Assert.DoesNotMatch("(?i)AccountKey=[^;\"]|SharedAccessKey|InstrumentationKey=", withoutEmulatorKey);
    }
}
