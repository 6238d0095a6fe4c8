using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Hosting;
using Tributary.Forecast.Recommendations;
using Tributary.Functions.Access;
using Tributary.Functions.Runs;
using Tributary.Host.Serve;
using Tributary.Host.Serve.Security;
using Tributary.Http.Tests.Support;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Forecast;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Workloads;
using Tributary.Testing;

namespace Tributary.Http.Tests;

/// <summary>
/// Both hosts answer every route of the table alike, for every caller: `tributary serve` over real HTTP, and the Functions app
/// through its gate middleware and HTTP functions, each over its own identically seeded in-memory stores. Statuses must be equal
/// for everyone; bodies must be equal wherever a route (or a role refusal) answers. Only a 401's advice may differ: each host
/// names its own way to sign in.
/// </summary>
public sealed partial class HostParityTests : IAsyncLifetime
{
    private static readonly IReadOnlyDictionary<Role, string> Keys = RoleNames.All.ToDictionary(r => r, _ => ApiKey.Generate());
    private static readonly IReadOnlyList<ApiKeyEntry> Entries =
        RoleNames.All.Select(r => new ApiKeyEntry($"{r.Name()}-key", ApiKey.Hash(Keys[r]), new HashSet<Role> { r })).ToList();

    /// <summary>A request per route, several where the route has several answers (found, missing, invalid).</summary>
    private static readonly (string Method, string Path, string? Body)[] Requests =
    [
        ("POST", "/api/runs/gen", """{"id": "parity-{who}", "parameters": {"seed": 1, "count": 1000}}"""),
        ("POST", "/api/runs/gen", """{"id": "not a valid id!"}"""),
        ("POST", "/api/runs/nope", "{}"),
        ("GET", "/api/runs?kind=hpi", null),
        ("GET", "/api/runs?status=Bogus", null),
        ("GET", "/api/runs/no-such-run", null),
        ("GET", "/api/runs/no-such-run/partitions", null),
        ("GET", "/api/runs/no-such-run/partitions?pageSize=0", null),
        ("POST", "/api/runs/no-such-run/terminate?reason=test", null),
        ("POST", "/api/runs/no-such-run/rerun", null),
        ("DELETE", "/api/runs/no-such-run", null),
        ("GET", "/api/hpi/10420", null),
        ("GET", "/api/gen/no-such-run", null),
        ("GET", "/api/recon/rr/breaks", null),
        ("GET", "/api/recon/rr/breaks?pageSize=many", null),
        ("GET", "/api/recon/rr/breaks?sort=impact&pageSize=1", null),
        ("GET", "/api/recon/rr/breaks?sort=bogus", null),
        ("GET", "/api/recon/busy/breaks", null),
        ("PATCH", "/api/recon/rr/breaks/b-open", """{"status": "in_review", "comment": "checking"}"""),
        ("PATCH", "/api/recon/rr/breaks/b-resolved", """{"status": "closed"}"""),
        ("PATCH", "/api/recon/rr/breaks/b-none", """{"status": "closed"}"""),
        ("PATCH", "/api/recon/rr/breaks", """{"ids": ["b-open", "b-none"], "status": "in_review", "comment": "bulk"}"""),
        ("PATCH", "/api/recon/rr/breaks", """{"ids": [], "status": "in_review"}"""),
        ("GET", "/api/recon/rr/suggestions?minConfidence=0.5", null),
        ("GET", "/api/recon/rr/suggestions?kind=sideways", null),
        ("GET", "/api/recon/rr/suggestions?breakId=b-s1l", null),
        ("POST", "/api/recon/rr/suggestions/00000000000000a1/accept", """{"comment": "same payment less a fee"}"""),
        ("POST", "/api/recon/rr/suggestions/00000000000000a2/reject", """{"comment": "different customers"}"""),
        ("POST", "/api/recon/rr/suggestions/00000000000000a2/reject", "{}"),
        ("POST", "/api/recon/rr/suggestions/00000000000000ff/accept", null),
        ("GET", "/api/forecast/f1/recommendations?vendor=bakery", null),
        ("POST", "/api/forecast/f1/feedback", """{"actuals": [{"date": "2027-06-05"}]}"""),
        ("GET", "/api/drops", null),
        ("GET", "/api/me", null),
        ("GET", "/api/runs/no-such-run/files", null),
        ("GET", "/api/runs/no-such-run/files/out/part-0.csv", null),
        ("GET", "/api/recon/rr/breaks/b-open", null),
        ("GET", "/api/recon/rr/breaks/b-none", null),
        ("GET", "/api/drops/quarantined", null),
        ("PUT", "/api/drops/recon/parity-{who}/left.csv", "trade_id\nT1\n"),
        ("PUT", "/api/drops/nope/parity/left.csv", "trade_id\n"),
        ("PUT", "/api/drops/recon/left.csv", "trade_id\n"),
    ];

    private WebApplication _serve = null!;
    private HttpClient _serveHttp = null!;
    private DurableTaskTestHost _sdk = null!;
    private FunctionsApp _functions = null!;

    public async Task InitializeAsync()
    {
        var serveStores = await SeededStoresAsync();
        var backend = new PipelineBackend("parity", null, serveStores.Blobs, serveStores.Documents, new InMemoryRunEventPublisher(), [],
            taskHub: logs => new InMemoryOrchestrationService(logs));
        _serve = PipelineHost.Build(
            new HostSettings { Urls = "http://127.0.0.1:0", RunTimers = false, Security = new SecuritySettings { ApiKeys = [.. Entries] } },
            backend,
            null,
            logging => logging.ClearProviders());
        await _serve.StartAsync();
        var address = _serve.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _serveHttp = new HttpClient { BaseAddress = new Uri(address) };

        var functionStores = await SeededStoresAsync();
        var services = new PipelineServices(functionStores.Blobs, functionStores.Documents, new InMemoryRunEventPublisher(), TimeProvider.System);
        var parts = PipelineParts.Compose(services);
        _sdk = await SdkTestHost.StartAsync(parts.Tasks.AddTo);
        var runs = new RunServices(parts.Workloads, services);
        _functions = new FunctionsApp(new FunctionGate(new ApiKeyRing(Entries), easyAuthEnabled: false), runs, _sdk.Client);
        // What the app's BuildRunIndex timer does as the worker starts (serve's RunIndexService did it before serving).
        await runs.For(_sdk.Client).BuildIndexAsync(default);
    }

    public async Task DisposeAsync()
    {
        _serveHttp.Dispose();
        await _serve.StopAsync();
        await _serve.DisposeAsync();
        await _sdk.DisposeAsync();
    }

    [Fact]
    public async Task Every_route_answers_every_caller_alike_on_both_hosts()
    {
        var callers = new List<(string Who, string? Key)> { ("anonymous", null), ("wrong-key", "trb_not-a-key-of-this-host") };
        callers.AddRange(RoleNames.All.Select(r => (r.Name(), (string?)Keys[r])));
        var differences = new List<string>();
        var answered = new HashSet<int>();

        foreach (var (who, key) in callers)
        {
            foreach (var (method, pathTemplate, template) in Requests)
            {
                var path = pathTemplate.Replace("{who}", who, StringComparison.Ordinal);
                var body = template?.Replace("{who}", who, StringComparison.Ordinal);
                var serve = await SendToServeAsync(method, path, body, key);
                var functions = await _functions.SendAsync(method, path, body, key);
                answered.Add(serve.Status);
                if (serve.Status != functions.Status)
                {
                    differences.Add($"{who} {method} {path}: serve {serve.Status}, functions {functions.Status}\n  serve: {serve.Body}\n  functions: {functions.Body}");
                }
                else if (serve.Status != 401 && Normalise(serve.Body) != Normalise(functions.Body))
                {
                    differences.Add($"{who} {method} {path} ({serve.Status}):\n  serve:     {Normalise(serve.Body)}\n  functions: {Normalise(functions.Body)}");
                }
            }
        }

        Assert.Empty(differences);
        // The requests reach every kind of answer, so equal answers mean something.
        Assert.Superset(new HashSet<int> { 200, 201, 202, 400, 401, 403, 404, 409, 503 }, answered);
    }

    private async Task<(int Status, string Body)> SendToServeAsync(string method, string path, string? body, string? key)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (key is not null)
        {
            request.Headers.Add(ApiKey.Header, key);
        }

        using var response = await _serveHttp.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // What legitimately differs between two processes: the origin in links, the request's trace id, and clock readings.
    private static string Normalise(string body)
    {
        var origin = OriginPattern().Replace(body, "ORIGIN/");
        var trace = TraceIdPattern().Replace(origin, "\"traceId\":\"T\"");
        return TimestampPattern().Replace(trace, "TIME");
    }

    [GeneratedRegex(@"https?://[^/""]+/")]
    private static partial Regex OriginPattern();

    [GeneratedRegex(@"""traceId"":""[^""]*""")]
    private static partial Regex TraceIdPattern();

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")]
    private static partial Regex TimestampPattern();

    [Fact]
    public async Task An_overloaded_document_store_is_a_503_problem_with_retry_after_on_both_hosts()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/recon/busy/breaks");
        request.Headers.Add(ApiKey.Header, Keys[Role.Reader]);
        using var response = await _serveHttp.SendAsync(request);
        var functions = await _functions.SendAsync("GET", "/api/recon/busy/breaks", null, Keys[Role.Reader]);

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Cosmos DB is overloaded or did not answer in time", body, StringComparison.Ordinal);
        Assert.Equal((503, Normalise(body)), (functions.Status, Normalise(functions.Body)));
    }

    private static async Task<(InMemoryBlobStore Blobs, IDocumentStore Documents)> SeededStoresAsync()
    {
        var blobs = new InMemoryBlobStore();
        var documents = new InMemoryDocumentStore();
        await documents.UpsertAsync(ResultContainers.ReconBreaks, "rr", "b-open", Break("b-open", "open"), default);
        await documents.UpsertAsync(ResultContainers.ReconBreaks, "rr", "b-resolved", Break("b-resolved", "resolved"), default);
        foreach (var (id, suggestion) in new[] { ("b-s1l", "00000000000000a1"), ("b-s1r", "00000000000000a1"), ("b-s2l", "00000000000000a2"), ("b-s2r", "00000000000000a2") })
        {
            await documents.UpsertAsync(ResultContainers.ReconBreaks, "rr", id, Break(id, "open") with { Type = "unmatched", Suggestions = [suggestion] }, default);
        }

        await documents.UpsertAsync(ResultContainers.ReconSuggestions, "rr", "00000000000000a1", Suggestion("00000000000000a1", 0.93, "b-s1l", "b-s1r"), default);
        await documents.UpsertAsync(ResultContainers.ReconSuggestions, "rr", "00000000000000a2", Suggestion("00000000000000a2", 0.41, "b-s2l", "b-s2r"), default);
        var recommendation = ForecastRecommendationDocument.From(
            "f1", new Recommendation(new DateOnly(2027, 6, 5), "north", "bakery", "a", null, 12, 10, 6, 15, 10.2, 9.1, 45.5, 5, 0.8, "history=40d", ""), ForecastWorkload.ModelVersion);
        await documents.UpsertAsync(ResultContainers.ForecastRecommendations, "f1", recommendation.Id, recommendation, default);
        await blobs.EnsureContainerAsync("recon-drop", default);
        await blobs.WriteAsync(new Tributary.Pipeline.Ports.BlobRef("recon-drop", "waiting/left.csv"), new MemoryStream("trade_id\n"u8.ToArray()), default);
        return (blobs, new BusyPartitionDocuments(documents, "busy"));
    }

    private static ReconSuggestionDocument Suggestion(string id, double confidence, string left, string right) =>
        new(id, "rr", "cash", "one_to_one", "USD", [1], [2], [left, right], confidence, "reference 1 transposition apart", "amount tolerance 2.50", 12m, "proposed");

    private static ReconBreakDocument Break(string id, string status) =>
        new(id, "rr", "cash", "amount_mismatch", "high", status, "both", "K1", "amount", "10.00", "12.00", "2.00", 2m, "USD", "exact", 3, []);
}
