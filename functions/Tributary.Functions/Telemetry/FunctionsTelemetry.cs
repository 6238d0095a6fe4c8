using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Tributary.Pipeline.Telemetry;

namespace Tributary.Functions.Telemetry;

/// <summary>
/// The worker's telemetry, the same instruments and sources as `serve`: the pipeline's Meter and ActivitySource, the Durable
/// Task SDK's and the Azure SDKs' spans, under the Functions worker's own (UseFunctionsWorkerDefaults). The orchestration and
/// activity spans themselves come from the Functions host (host.json: telemetryMode OpenTelemetry, Durable tracing V2).
/// Exported to Application Insights only when APPLICATIONINSIGHTS_CONNECTION_STRING is set (the exporter throws without
/// one), and over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
public static class FunctionsTelemetry
{
    /// <summary>Application Insights' connection string (the Bicep writes it).</summary>
    public const string ConnectionStringKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>`Authorization=AAD;ClientId={identity}`: ingestion with the app's identity, since the component has local auth off.</summary>
    public const string AuthenticationStringKey = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>The standard OTLP endpoint variable.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>True when something will export, so the Azure SDKs should make spans (call before any Azure client is built).</summary>
    public static bool Exports(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[ConnectionStringKey] is { Length: > 0 } || configuration[OtlpEndpointKey] is { Length: > 0 };
    }

    /// <summary>Registers OpenTelemetry in the worker.</summary>
    public static IServiceCollection AddFunctionsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (Exports(configuration))
        {
            AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        }

        var otel = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(t => t.AddSource(PipelineTelemetry.Name, DurableSpans.SdkSource, "Azure.*"))
            .WithMetrics(m => m.AddMeter(PipelineTelemetry.Name, "System.Runtime"));
        if (configuration[ConnectionStringKey] is { Length: > 0 } connection)
        {
            var credential = CredentialOf(configuration[AuthenticationStringKey]);
            otel.UseAzureMonitorExporter(o =>
            {
                o.ConnectionString = connection;
                o.Credential = credential;
            });
        }

        if (configuration[OtlpEndpointKey] is { Length: > 0 })
        {
            otel.UseOtlpExporter();
        }

        return services;
    }

    /// <summary>The identity an authentication string names (`Authorization=AAD;ClientId=…`), or null for none.</summary>
    public static TokenCredential? CredentialOf(string? authentication)
    {
        if (string.IsNullOrWhiteSpace(authentication))
        {
            return null;
        }

        var parts = authentication.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var scheme) || !string.Equals(scheme, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
