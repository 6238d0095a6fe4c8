using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Tributary.Host.Serve.Security;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Telemetry;

namespace Tributary.Host.Serve.Telemetry;

/// <summary>
/// `serve`'s telemetry: the pipeline's Meter, ASP.NET Core's and the runtime's on `GET /metrics` (Prometheus text, reader
/// role), always; traces (the pipeline's spans, DurableTask.Core's, the Azure SDKs' and the HTTP server's), metrics and logs
/// over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set; JSON console logs whose scopes carry the trace and the run.
/// </summary>
public static class ServeTelemetry
{
    /// <summary>Where Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The service name when neither OTEL_SERVICE_NAME nor OTEL_RESOURCE_ATTRIBUTES names one.</summary>
    public const string DefaultServiceName = "tributary";

    /// <summary>The meters `/metrics` serves: the pipeline's, ASP.NET Core's (http_server_request_duration_seconds), Kestrel's and the runtime's.</summary>
    public static readonly string[] Meters = [PipelineTelemetry.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime"];

    /// <summary>
    /// The Azure SDKs (Blob, Queue, Table, Cosmos) make spans only behind this switch, read once when their first client is
    /// built: call before the backend connects, and only when traces are exported (off, it costs nothing). It also turns off
    /// HttpClient's own activity (read once, at the first HttpClient): whenever an Activity is current, HttpClient made a
    /// second one under each Azure SDK request (the SDK's HTTP span already carries the call and sets `traceparent`
    /// itself), which no exporter listens to: an Activity, a random id, an async-local switch and a header per request
    /// (measured: 488 such activities beside 239 Azure HTTP spans in a 2M-row gen run; docs/generation.md "Telemetry cost").
    /// </summary>
    public static void EnableAzureSdkSpans()
    {
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        AppContext.SetSwitch("System.Net.Http.EnableActivityPropagation", false);
    }

    /// <summary>Registers telemetry on the host; called where `serve` composes its services.</summary>
    public static void AddServeTelemetry(this WebApplicationBuilder builder, HostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var telemetry = settings.Telemetry;

        // Every log line's scopes carry the current span's TraceId and SpanId; the run steps add RunId and Workload.
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (telemetry.JsonLogs)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }

        var named = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 }
            || (builder.Configuration["OTEL_RESOURCE_ATTRIBUTES"] ?? "").Contains("service.name=", StringComparison.Ordinal);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r =>
            {
                if (!named)
                {
                    r.AddService(DefaultServiceName);
                }
            })
            .WithMetrics(m => m.AddMeter(Meters).AddPrometheusExporter());
        builder.Services.AddHostedService<ActiveRunsGauge>();
        if (telemetry.OtlpEndpoint is null && !telemetry.JsonLogs)
        {
            return;
        }

        // JSON logs without OTLP still get the spans made (not exported), so a run's log lines carry its trace id, the one
        // GET /api/runs/{id} shows. The Azure SDK spans come only with OTLP (EnableAzureSdkSpans).
        otel.WithTracing(t => t
            .AddSource(PipelineTelemetry.Name, DurableSpans.CoreSource, "Azure.*")
            .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath))
            .AddProcessor(new RunSpanProcessor()));
        if (telemetry.OtlpEndpoint is not { } endpoint)
        {
            return;
        }

        otel.UseOtlpExporter(telemetry.OtlpProtocol, endpoint);
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeScopes = true;
            o.IncludeFormattedMessage = true;
        });
    }

    /// <summary>Maps `GET /metrics` behind the reader role (an API key as X-Api-Key or `Authorization: Bearer`, or a token).</summary>
    public static void MapServeTelemetry(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPrometheusScrapingEndpoint(MetricsPath).WithMetadata(new HttpMethodMetadata([HttpMethods.Get])).Requires(PipelineOperation.Read);
    }

    /// <summary>
    /// Tags Durable's spans with their run; drops the Azure SDK spans that belong to no trace (the task hub's queue polling and
    /// lease renewals, many a second), so what is exported is the runs and the requests.
    /// </summary>
    private sealed class RunSpanProcessor : BaseProcessor<Activity>
    {
        public override void OnStart(Activity data)
        {
            if (data.Parent is null && data.ParentSpanId == default && data.Source.Name.StartsWith("Azure.", StringComparison.Ordinal))
            {
                data.IsAllDataRequested = false;
                data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            }
        }

        public override void OnEnd(Activity data)
        {
            if (data.Source.Name == DurableSpans.CoreSource)
            {
                DurableSpans.Tag(data);
            }
        }
    }
}
