using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tributary.Host.Serve;
using Tributary.Host.Tests.EndToEnd;
using Tributary.Host.Tests.Serve;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;

namespace Tributary.Host.Tests.Telemetry;

/// <summary>
/// The built `tributary serve` on Azurite and the local Cosmos server, exporting over OTLP (HTTP and gRPC) to a collector the test runs
/// on loopback (<see cref="OtlpReceiver"/>), with JSON console logs: one trace per run, metrics that match the run, logs
/// that carry the run's trace and id.
/// </summary>
public sealed partial class TelemetryEmulatorTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IDisposable
{
    private const int Rows = 20_000;
    private const int Batches = 4;
    private readonly string _scratch = Directory.CreateTempSubdirectory("tributary-telemetry-").FullName;

    [Fact]
    public async Task A_run_started_with_a_traceparent_is_one_trace_its_metrics_count_its_rows_and_its_json_logs_carry_trace_and_run()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        using var host = await HostProcess.StartAsync(fixture.Emulators, Path.Combine(_scratch, "journal.log"), 4, "telemetry",
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_SERVICE_NAME"] = "tributary-under-test",
                ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=test",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
                ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
            },
            ["--log-format", "json"]);
        using var http = HostProcess.Client();
        var traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        using var start = new HttpRequestMessage(HttpMethod.Post, $"{host.Url}/api/runs/gen")
        {
            Content = Json($$$"""{"id": "tel-1", "parameters": {"seed": 7, "count": {{{Rows}}}, "batchSize": {{{Rows / Batches}}}}}"""),
        };
        start.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        using var started = await http.SendAsync(start);
        var status = await WaitAsync(http, host, "tel-1");

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(RuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal(traceId, status.TraceId);

        // The trace: the server span, the orchestration, the plan, every partition and the finalize, in the caller's trace.
        var spans = await collector.WaitForSpansAsync(s => Complete(s.Where(x => x.TraceId == traceId).ToList()));
        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        Assert.True(Complete(trace), "spans of the trace: " + string.Join(", ", trace.Select(s => $"{s.Scope}:{s.Name}")));
        var server = trace.Single(s => s.Kind == 2 && s.Name == "POST /api/runs/{kind}");
        Assert.Equal("00f067aa0ba902b7", server.ParentSpanId);
        var workloadSpans = trace.Where(s => s.Name is "orchestration:gen" or "plan gen" or "partition gen" or "finalize gen"
            || s.Name.StartsWith("activity:gen_", StringComparison.Ordinal)).ToList();
        Assert.All(workloadSpans, s => Assert.Equal(("tel-1", "gen"), (s["tributary.run.id"], s["tributary.workload"])));
        var partitions = trace.Where(s => s.Name == "partition gen").OrderBy(s => int.Parse(s["tributary.partition"]!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(["0", "1", "2", "3"], partitions.Select(p => p["tributary.partition"]));
        Assert.All(partitions, p => Assert.Equal($"{Rows / Batches}", p["tributary.rows"]));
        Assert.Equal("4", trace.Single(s => s.Name == "plan gen")["tributary.partitions"]);

        // Every span hangs from another span of the trace (one tree from the caller's span), and Blob and Cosmos calls
        // appear as children of the steps that made them.
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        Assert.All(trace, s => Assert.True(ids.Contains(s.ParentSpanId) || s.ParentSpanId == "00f067aa0ba902b7", $"{s.Name} has a parent outside the trace"));
        var steps = partitions.Concat(trace.Where(s => s.Name == "finalize gen")).Select(s => s.SpanId).ToHashSet();
        Assert.Contains(trace, s => s.Scope.StartsWith("Azure.Storage.Blobs", StringComparison.Ordinal) && steps.Contains(s.ParentSpanId));
        Assert.Contains(trace, s => s.Scope.StartsWith("Azure.Cosmos", StringComparison.Ordinal) && Ancestors(trace, s).Any(a => a.Name == "finalize gen"));
        Assert.Equal(("tributary-under-test", "test"), (server.Resource["service.name"], server.Resource["deployment.environment"]));

        // Metrics in Prometheus text, a Bearer API key being enough, and no credential refused.
        using var anonymous = new HttpClient();
        using var refused = await anonymous.GetAsync($"{host.Url}/metrics");
        using var scraper = new HttpClient();
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestKeys.Admin);
        using var scrape = await scraper.GetAsync($"{host.Url}/metrics");
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Equal(Rows, Sample(text, "tributary_rows_processed_total", "workload=\"gen\""));
        Assert.Equal(Batches, Sample(text, "tributary_partition_duration_seconds_count", "workload=\"gen\""));
        Assert.Equal(1, Sample(text, "tributary_runs_started_total", "workload=\"gen\""));
        Assert.Equal(1, Sample(text, "tributary_runs_finished_total", "status=\"Completed\"", "workload=\"gen\""));
        Assert.Equal(1, Sample(text, "tributary_run_duration_seconds_count", "status=\"Completed\"", "workload=\"gen\""));
        Assert.Equal(0, Sample(text, "tributary_runs_active", "workload=\"gen\""));
        Assert.Contains("http_server_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tel-1", text, StringComparison.Ordinal);
        DashboardQueriesName(text);

        // JSON console logs: every line one object; the run's lines carry its trace id and its run id in their scopes.
        var lines = host.Output.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var runLines = lines.Where(l => Scope(l, "RunId") == "tel-1").ToList();
        Assert.NotEmpty(runLines);
        Assert.All(runLines, l => Assert.Equal((traceId, "gen"), (Scope(l, "TraceId"), Scope(l, "Workload"))));
        Assert.Contains(runLines, l => l.GetProperty("Message").GetString()!.StartsWith("Partition batch-00003 of run tel-1 done", StringComparison.Ordinal));
        Assert.Contains(collector.Logs, l => l.TraceId == traceId && l.Attributes.GetValueOrDefault("RunId") == "tel-1");
    }

    [Fact]
    public async Task Over_grpc_a_run_is_one_trace_and_its_logs_and_metrics_reach_the_collector()
    {
        await using var collector = await OtlpReceiver.StartAsync(grpc: true);
        using var host = await HostProcess.StartAsync(fixture.Emulators, Path.Combine(_scratch, "journal.log"), 4, "telemetrygrpc",
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
                ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            });
        using var http = HostProcess.Client();
        var traceId = "5cf92f3577b34da6a3ce929d0e0e4737";
        using var start = new HttpRequestMessage(HttpMethod.Post, $"{host.Url}/api/runs/gen")
        {
            Content = Json("""{"id": "tel-grpc", "parameters": {"seed": 7, "count": 2000, "batchSize": 1000}}"""),
        };
        start.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b8-01");
        using var started = await http.SendAsync(start);
        var status = await WaitAsync(http, host, "tel-grpc");
        Assert.Equal(RuntimeStatus.Completed, status.RuntimeStatus);

        var spans = await collector.WaitForSpansAsync(s => s.Any(x => x.TraceId == traceId && x.Name == "orchestration:gen"));
        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        Assert.Contains(trace, s => s.Kind == 2 && s.Name == "POST /api/runs/{kind}" && s.ParentSpanId == "00f067aa0ba902b8");
        Assert.Equal(["0", "1"], trace.Where(s => s.Name == "partition gen").Select(s => s["tributary.partition"]).Order());
        Assert.Contains(trace, s => s.Name == "orchestration:gen" && s["tributary.run.id"] == "tel-grpc");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((collector.MetricExports == 0 || !collector.Logs.Any(l => l.TraceId == traceId)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Contains(collector.Logs, l => l.TraceId == traceId && l.Attributes.GetValueOrDefault("RunId") == "tel-grpc");
        Assert.True(collector.MetricExports > 0, "no metric export arrived over gRPC");
    }

    [Fact]
    public async Task A_drop_starts_its_own_trace_and_a_rerun_links_to_the_run_it_repeats()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        using var host = await HostProcess.StartAsync(fixture.Emulators, Path.Combine(_scratch, "journal.log"), 4, "telemetrydrops",
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            });
        using var http = HostProcess.Client();
        var backend = await BackendFactory.ConnectAsync(fixture.Emulators.StorageSettings, fixture.Emulators.CosmosSettings, "telemetry-drops", null, default);
        await using (backend)
        {
            await backend.Blobs.EnsureContainerAsync("gen-requests", default);
            await backend.Blobs.WriteAsync(new BlobRef("gen-requests", "nightly-tel.json"),
                new MemoryStream(Encoding.UTF8.GetBytes("""{"seed": 3, "count": 2000, "batchSize": 1000}""")), default);
        }

        var dropRun = await WaitForDropRunAsync(http, host);
        Assert.Equal(RuntimeStatus.Completed, dropRun.RuntimeStatus);
        // The orchestration's span is exported when the orchestration completes, after its last activity.
        var dropTrace = await collector.WaitForSpansAsync(s => s.Any(x => x.TraceId == dropRun.TraceId && x.Name == "orchestration:gen"));
        var root = Assert.Single(dropTrace, s => s.Name == "drop gen-requests/nightly-tel.json");
        Assert.Equal(("", dropRun.TraceId), (root.ParentSpanId, root.TraceId));
        Assert.Equal(("Started", dropRun.Id), (root["tributary.drop.decision"], root["tributary.run.id"]));
        Assert.Contains(dropTrace, s => s.TraceId == dropRun.TraceId && s.Name == "orchestration:gen" && s["tributary.run.id"] == dropRun.Id);

        var rerunTrace = "0af7651916cd43dd8448eb211c80319c";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{host.Url}/api/runs/{dropRun.Id}/rerun");
        request.Headers.Add("traceparent", $"00-{rerunTrace}-b7ad6b7169203331-01");
        using var rerun = await http.SendAsync(request);
        var links = (await rerun.Content.ReadFromJsonAsync<RunLinks>(DurableJson.Options))!;
        var repeated = await WaitAsync(http, host, links.Id);
        Assert.Equal((RuntimeStatus.Completed, rerunTrace), (repeated.RuntimeStatus, repeated.TraceId));
        var spans = await collector.WaitForSpansAsync(s => s.Any(x => x.TraceId == rerunTrace && x.Name == "finalize gen"));
        var rerunSpan = Assert.Single(spans, s => s.TraceId == rerunTrace && s.Name == "rerun gen");
        Assert.Equal([dropRun.TraceId!], rerunSpan.LinkedTraceIds);
        Assert.Equal(dropRun.Id, rerunSpan["tributary.rerun.of"]);
        Assert.Contains(spans, s => s.TraceId == rerunTrace && s.Name == "partition gen" && s["tributary.run.id"] == links.Id);
    }

    [Fact]
    public void Otlp_and_the_log_format_come_from_the_standard_variables_and_bad_ones_are_named()
    {
        var on = Tributary.Host.Serve.Telemetry.TelemetrySettings.From(Configuration(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317",
            ["Logging:Console:FormatterName"] = "json",
        }));
        var http = Tributary.Host.Serve.Telemetry.TelemetrySettings.From(Configuration(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4318", ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf" }));
        var off = Tributary.Host.Serve.Telemetry.TelemetrySettings.From(Configuration(new()));
        var bad = Tributary.Host.Serve.Telemetry.TelemetrySettings.From(Configuration(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "collector:4317", ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/json" }));

        Assert.Equal((new Uri("http://127.0.0.1:4317"), OpenTelemetry.Exporter.OtlpExportProtocol.Grpc, true), (on.OtlpEndpoint, on.OtlpProtocol, on.JsonLogs));
        Assert.Equal(OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf, http.OtlpProtocol);
        Assert.Equal((null, false), (off.OtlpEndpoint, off.JsonLogs));
        Assert.Empty(on.Errors);
        Assert.Equal(2, bad.Errors.Count);
        Assert.Contains(bad.Errors, e => e.StartsWith("OTEL_EXPORTER_OTLP_ENDPOINT 'collector:4317'", StringComparison.Ordinal));
        Assert.Contains(bad.Errors, e => e.StartsWith("OTEL_EXPORTER_OTLP_PROTOCOL 'http/json'", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    // The Grafana dashboard in docs/grafana asks for metrics and labels this host serves: every metric it names is in the
    // scrape (or is one a gen run does not touch), and every label it groups by is on that metric's samples (job and
    // instance are added by Prometheus when it scrapes).
    private static void DashboardQueriesName(string exposition)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "App.sln")))
        {
            root = root.Parent!;
        }

        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(root.FullName, "docs", "grafana", "tributary-dashboard.json")));
        string[] untouchedByGen = ["tributary_recon_breaks_total", "tributary_recon_break_moves_total", "tributary_drops_total"];
        var queries = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        Assert.NotEmpty(queries);
        foreach (var query in queries)
        {
            var metric = MetricName().Match(query).Value;
            if (untouchedByGen.Contains(metric))
            {
                continue;
            }

            var samples = exposition.Split('\n').Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal)).ToList();
            Assert.True(samples.Count > 0, $"the dashboard asks for {metric}, which /metrics does not serve");
            foreach (var label in GroupBy().Matches(query).SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries)).Where(l => l is not ("le" or "instance" or "job")))
            {
                Assert.True(samples.Any(l => l.Contains(label + "=\"", StringComparison.Ordinal)), $"{metric} has no label {label}");
            }
        }
    }

    [GeneratedRegex(@"\b(?:tributary|http|dotnet)_[a-z_]+(?=\{)")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"by \(([^)]*)\)")]
    private static partial Regex GroupBy();

    private static bool Complete(IReadOnlyList<ReceivedSpan> trace) =>
        trace.Any(s => s.Kind == 2 && s.Name == "POST /api/runs/{kind}")
        && trace.Any(s => s.Name == "orchestration:gen")
        && trace.Any(s => s.Name == "plan gen")
        && trace.Count(s => s.Name == "partition gen") == Batches
        && trace.Any(s => s.Name == "finalize gen")
        && trace.Any(s => s.Scope.StartsWith("Azure.Cosmos", StringComparison.Ordinal));

    private static IEnumerable<ReceivedSpan> Ancestors(IReadOnlyList<ReceivedSpan> trace, ReceivedSpan span)
    {
        for (var parent = trace.FirstOrDefault(s => s.SpanId == span.ParentSpanId); parent is not null; parent = trace.FirstOrDefault(s => s.SpanId == parent.ParentSpanId))
        {
            yield return parent;
        }
    }

    // The value of the one Prometheus sample of this metric whose labels include all of these.
    private static double Sample(string exposition, string metric, params string[] labels)
    {
        var values = exposition.Split('\n')
            .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal)))
            .Select(l => double.Parse(SampleValue().Match(l).Groups[1].Value, CultureInfo.InvariantCulture))
            .ToList();
        return Assert.Single(values);
    }

    [GeneratedRegex(@"\}\s+(\S+)")]
    private static partial Regex SampleValue();

    private static string? Scope(JsonElement line, string name) =>
        line.TryGetProperty("Scopes", out var scopes)
            ? scopes.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty(name, out _)).Select(s => s.GetProperty(name).ToString()).FirstOrDefault()
            : null;

    private static async Task<RunStatusView> WaitAsync(HttpClient http, HostProcess host, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            using var response = await http.GetAsync($"{host.Url}/api/runs/{id}");
            var status = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<RunStatusView>(DurableJson.Options) : null;
            if (status is { RuntimeStatus: RuntimeStatus.Completed or RuntimeStatus.Failed or RuntimeStatus.Terminated } || DateTime.UtcNow > deadline)
            {
                return status ?? throw new TimeoutException($"run {id} never appeared");
            }

            await Task.Delay(200);
        }
    }

    private static async Task<RunStatusView> WaitForDropRunAsync(HttpClient http, HostProcess host)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var page = await http.GetFromJsonAsync<RunPage>($"{host.Url}/api/runs?kind=gen", DurableJson.Options);
            if (page!.Items.FirstOrDefault() is { } run)
            {
                return await WaitAsync(http, host, run.Id);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the drop started no run");
            }

            await Task.Delay(200);
        }
    }

    private static Microsoft.Extensions.Configuration.IConfiguration Configuration(Dictionary<string, string?> values) =>
        Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(new Microsoft.Extensions.Configuration.ConfigurationBuilder(), values).Build();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
