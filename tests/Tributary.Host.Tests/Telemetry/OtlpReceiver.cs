using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tributary.Host.Tests.Telemetry;

/// <summary>
/// A minimal OTLP collector on a loopback port, over HTTP (`/v1/traces`, `/v1/logs`, `/v1/metrics` as protobuf) or over gRPC
/// (HTTP/2 without TLS: the collector services' Export methods, each message in gRPC's length-prefixed frame, answered with
/// an empty response and `grpc-status: 0`); it keeps the spans and log records it decodes. OpenTelemetry.Proto is not served by the package mirror, so the messages are
/// read with Google.Protobuf's wire reader, field by field (numbers from the OTLP specification); only the fields the tests
/// look at are decoded, the rest skipped.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The base address to give OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public string Url { get; }

    public ConcurrentQueue<ReceivedSpan> Spans { get; } = new();

    public ConcurrentQueue<ReceivedLog> Logs { get; } = new();

    /// <summary>How many metric export requests arrived.</summary>
    public int MetricExports => _metricExports;

    private int _metricExports;

    /// <summary>Starts the collector; with <paramref name="grpc"/>, it speaks OTLP/gRPC only (HTTP/2 prior knowledge, as gRPC clients connect).</summary>
    public static async Task<OtlpReceiver> StartAsync(bool grpc = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (grpc)
        {
            builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(l => l.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2));
        }

        builder.Logging.ClearProviders();
        var app = builder.Build();
        OtlpReceiver? receiver = null;
        if (grpc)
        {
            app.MapPost("/opentelemetry.proto.collector.trace.v1.TraceService/Export", async (HttpContext context) =>
            {
                foreach (var span in Otlp.Spans(await GrpcMessageAsync(context.Request)))
                {
                    receiver!.Spans.Enqueue(span);
                }

                await GrpcOkAsync(context.Response);
            });
            app.MapPost("/opentelemetry.proto.collector.logs.v1.LogsService/Export", async (HttpContext context) =>
            {
                foreach (var log in Otlp.Logs(await GrpcMessageAsync(context.Request)))
                {
                    receiver!.Logs.Enqueue(log);
                }

                await GrpcOkAsync(context.Response);
            });
            app.MapPost("/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", async (HttpContext context) =>
            {
                await GrpcMessageAsync(context.Request);
                Interlocked.Increment(ref receiver!._metricExports);
                await GrpcOkAsync(context.Response);
            });
        }

        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            foreach (var span in Otlp.Spans(await BodyAsync(request)))
            {
                receiver!.Spans.Enqueue(span);
            }

            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/logs", async (HttpRequest request) =>
        {
            foreach (var log in Otlp.Logs(await BodyAsync(request)))
            {
                receiver!.Logs.Enqueue(log);
            }

            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            await BodyAsync(request);
            Interlocked.Increment(ref receiver!._metricExports);
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new OtlpReceiver(app, address);
        return receiver;
    }

    /// <summary>Waits until the spans received satisfy <paramref name="done"/>, then returns them (or returns what came at the deadline).</summary>
    public async Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(Func<IReadOnlyList<ReceivedSpan>, bool> done, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var spans = Spans.ToList();
            if (done(spans) || DateTime.UtcNow > deadline)
            {
                return spans;
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // A unary gRPC request body: one frame, a compressed flag (exporters send uncompressed), a big-endian length, the message.
    private static async Task<byte[]> GrpcMessageAsync(HttpRequest request)
    {
        var body = await BodyAsync(request);
        if (request.Protocol != "HTTP/2" || !(request.ContentType ?? "").StartsWith("application/grpc", StringComparison.Ordinal) || body.Length < 5 || body[0] != 0)
        {
            throw new InvalidOperationException($"not an uncompressed gRPC message over HTTP/2: {request.Protocol} {request.ContentType}, {body.Length} bytes");
        }

        var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(1, 4));
        return body.AsSpan(5, length).ToArray();
    }

    // The empty Export*ServiceResponse in its frame, and the status in the trailers.
    private static async Task GrpcOkAsync(HttpResponse response)
    {
        response.ContentType = "application/grpc";
        await response.Body.WriteAsync(new byte[5]);
        response.AppendTrailer("grpc-status", "0");
    }

    private static async Task<byte[]> BodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}

/// <summary>A span as the collector received it.</summary>
internal sealed record ReceivedSpan(
    string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, IReadOnlyDictionary<string, string> Attributes,
    int StatusCode, string StatusMessage, IReadOnlyList<string> LinkedTraceIds, IReadOnlyDictionary<string, string> Resource)
{
    public string? this[string attribute] => Attributes.TryGetValue(attribute, out var value) ? value : null;
}

/// <summary>A log record as the collector received it.</summary>
internal sealed record ReceivedLog(string TraceId, string SpanId, string Body, IReadOnlyDictionary<string, string> Attributes);

/// <summary>The OTLP messages' fields the tests read (opentelemetry-proto's trace, logs and common messages).</summary>
internal static class Otlp
{
    public static IEnumerable<ReceivedSpan> Spans(byte[] request)
    {
        // ExportTraceServiceRequest.resource_spans = 1
        foreach (var resourceSpans in Repeated(request, 1))
        {
            // ResourceSpans: resource = 1, scope_spans = 2
            var resource = Attributes(Repeated(Single(resourceSpans, 1), 1));
            foreach (var scopeSpans in Repeated(resourceSpans, 2))
            {
                // ScopeSpans: scope = 1 (InstrumentationScope.name = 1), spans = 2
                var scope = Text(Single(Single(scopeSpans, 1), 1));
                foreach (var span in Repeated(scopeSpans, 2))
                {
                    yield return Span(scope, span, resource);
                }
            }
        }
    }

    public static IEnumerable<ReceivedLog> Logs(byte[] request)
    {
        // ExportLogsServiceRequest.resource_logs = 1; ResourceLogs.scope_logs = 2; ScopeLogs.log_records = 2
        foreach (var resourceLogs in Repeated(request, 1))
        {
            foreach (var scopeLogs in Repeated(resourceLogs, 2))
            {
                foreach (var record in Repeated(scopeLogs, 2))
                {
                    // LogRecord: body = 5 (AnyValue), attributes = 6, trace_id = 9, span_id = 10
                    yield return new ReceivedLog(
                        Hex(Single(record, 9)), Hex(Single(record, 10)), AnyValue(Single(record, 5)), Attributes(Repeated(record, 6)));
                }
            }
        }
    }

    private static ReceivedSpan Span(string scope, byte[] span, IReadOnlyDictionary<string, string> resource)
    {
        // Span: trace_id = 1, span_id = 2, parent_span_id = 4, name = 5, kind = 6, attributes = 9, links = 13, status = 15
        var status = Single(span, 15);
        return new ReceivedSpan(
            scope,
            Hex(Single(span, 1)),
            Hex(Single(span, 2)),
            Hex(Single(span, 4)),
            Text(Single(span, 5)),
            (int)Varint(span, 6),
            Attributes(Repeated(span, 9)),
            (int)Varint(status, 3), // Status.code = 3 (0 unset, 1 ok, 2 error); message = 2
            Text(Single(status, 2)),
            Repeated(span, 13).Select(link => Hex(Single(link, 1))).ToList(), // Link.trace_id = 1
            resource);
    }

    // KeyValue: key = 1, value = 2 (AnyValue)
    private static Dictionary<string, string> Attributes(IEnumerable<byte[]> keyValues)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var keyValue in keyValues)
        {
            attributes[Text(Single(keyValue, 1))] = AnyValue(Single(keyValue, 2));
        }

        return attributes;
    }

    // AnyValue: string_value = 1, bool_value = 2, int_value = 3, double_value = 4 (others shown as empty)
    private static string AnyValue(byte[] value)
    {
        var input = new CodedInputStream(value);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: return input.ReadString();
                case 2: return input.ReadBool() ? "true" : "false";
                case 3: return input.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
                case 4: return input.ReadDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                default: input.SkipLastField(); break;
            }
        }

        return "";
    }

    private static IEnumerable<byte[]> Repeated(byte[] message, int field)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return found;
    }

    private static byte[] Single(byte[] message, int field) => Repeated(message, field).LastOrDefault() ?? [];

    private static ulong Varint(byte[] message, int field)
    {
        var input = new CodedInputStream(message);
        ulong value = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint)
            {
                value = input.ReadUInt64();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return value;
    }

    private static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
