using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace Tributary.Host.Serve.Telemetry;

/// <summary>
/// What `serve` exports, from the standard OpenTelemetry variables and the logging configuration: OTLP only when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set (OTEL_EXPORTER_OTLP_PROTOCOL `grpc`, the default, or `http/protobuf`), JSON console
/// logs when Logging:Console:FormatterName is `json` (or `serve --log-format json`).
/// </summary>
public sealed record TelemetrySettings
{
    /// <summary>The OTLP collector's base address; null exports nothing over OTLP.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>How OTLP is sent.</summary>
    public OtlpExportProtocol OtlpProtocol { get; init; } = OtlpExportProtocol.Grpc;

    /// <summary>One JSON object per console log line, with scopes (TraceId, SpanId, RunId, Workload).</summary>
    public bool JsonLogs { get; init; }

    /// <summary>What is wrong with the variables, each naming its variable; the host refuses to start (exit 2).</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Reads the variables from configuration (environment variables are part of it).</summary>
    public static TelemetrySettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        Uri? endpoint = null;
        if (configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } text)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                errors.Add($"OTEL_EXPORTER_OTLP_ENDPOINT '{text}' is not an http(s) address, e.g. http://127.0.0.1:4318");
                endpoint = null;
            }
        }

        var protocol = OtlpExportProtocol.Grpc;
        switch (configuration["OTEL_EXPORTER_OTLP_PROTOCOL"])
        {
            case null or "" or "grpc":
                break;
            case "http/protobuf":
                protocol = OtlpExportProtocol.HttpProtobuf;
                break;
            case { } other:
                errors.Add($"OTEL_EXPORTER_OTLP_PROTOCOL '{other}' is not supported: use grpc or http/protobuf");
                break;
        }

        return new TelemetrySettings
        {
            OtlpEndpoint = endpoint,
            OtlpProtocol = protocol,
            JsonLogs = string.Equals(configuration["Logging:Console:FormatterName"], "json", StringComparison.OrdinalIgnoreCase),
            Errors = errors,
        };
    }
}
