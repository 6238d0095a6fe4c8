using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Tributary.Functions.Telemetry;
using Tributary.Pipeline.Telemetry;

namespace Tributary.Functions.Tests.Telemetry;

/// <summary>The worker's OpenTelemetry: Azure Monitor only with a connection string (its exporter throws without one), with the app's identity.</summary>
public sealed class FunctionsTelemetryTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:9/";

    [Fact]
    public void Without_a_connection_string_the_worker_traces_the_pipeline_but_exports_nowhere()
    {
        var services = new ServiceCollection().AddFunctionsTelemetry(Configuration([]));
        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<TracerProvider>());
        Assert.NotNull(provider.GetRequiredService<MeterProvider>());
        Assert.DoesNotContain(services, d => AzureMonitor(d));
        Assert.False(FunctionsTelemetry.Exports(Configuration([])));
    }

    [Fact]
    public void With_a_connection_string_the_worker_exports_to_azure_monitor_as_the_app_identity_and_listens_to_the_pipeline()
    {
        var configuration = Configuration(new()
        {
            [FunctionsTelemetry.ConnectionStringKey] = ConnectionString,
            [FunctionsTelemetry.AuthenticationStringKey] = "Authorization=AAD;ClientId=11111111-2222-3333-4444-555555555555",
        });
        var services = new ServiceCollection().AddFunctionsTelemetry(configuration);
        using var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<TracerProvider>();
        _ = provider.GetRequiredService<MeterProvider>();

        Assert.Contains(services, d => AzureMonitor(d));
        Assert.True(FunctionsTelemetry.Exports(configuration));
        Assert.True(PipelineTelemetry.Source.HasListeners());
        Assert.True(AppContext.TryGetSwitch("Azure.Experimental.EnableActivitySource", out var azureSpans) && azureSpans);
    }

    [Fact]
    public void The_authentication_string_names_the_managed_identity_used_for_ingestion()
    {
        Assert.IsType<ManagedIdentityCredential>(FunctionsTelemetry.CredentialOf("ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD"));
        Assert.IsType<ManagedIdentityCredential>(FunctionsTelemetry.CredentialOf("Authorization=AAD"));
        Assert.Null(FunctionsTelemetry.CredentialOf(null));
        Assert.Null(FunctionsTelemetry.CredentialOf("ClientId=11111111-2222-3333-4444-555555555555"));
    }

    private static bool AzureMonitor(ServiceDescriptor descriptor) =>
        (descriptor.ServiceType.Namespace ?? "").StartsWith("Azure.Monitor", StringComparison.Ordinal)
        || (descriptor.ImplementationType?.Namespace ?? "").StartsWith("Azure.Monitor", StringComparison.Ordinal)
        || descriptor.ServiceType.GenericTypeArguments.Any(t => (t.Namespace ?? "").StartsWith("Azure.Monitor", StringComparison.Ordinal));

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
