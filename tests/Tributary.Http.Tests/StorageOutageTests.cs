using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tributary.Functions.Access;
using Tributary.Functions.Runs;
using Tributary.Host.Serve;
using Tributary.Host.Serve.Security;
using Tributary.Http.Tests.Support;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Hosting;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Storage.Blobs;
using Tributary.Testing;

namespace Tributary.Http.Tests;

/// <summary>
/// Blob storage that does not answer (a stopped Azurite: connection refused) is a 503 problem with Retry-After on both
/// hosts, as an overloaded Cosmos DB is, never a 500. The run index's container lives on the real SDK pointed at a closed
/// loopback port; everything else is in memory, so the hosts start.
/// </summary>
public sealed class StorageOutageTests : IAsyncLifetime
{
    private static readonly string ReaderKey = ApiKey.Generate();
    private static readonly IReadOnlyList<ApiKeyEntry> Entries = [new("reader-key", ApiKey.Hash(ReaderKey), new HashSet<Role> { Role.Reader })];

    private WebApplication _serve = null!;
    private HttpClient _serveHttp = null!;
    private DurableTaskTestHost _sdk = null!;
    private FunctionsApp _functions = null!;

    public async Task InitializeAsync()
    {
        var backend = new PipelineBackend("outage", null, Blobs(), new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), [],
            taskHub: logs => new InMemoryOrchestrationService(logs));
        _serve = PipelineHost.Build(
            new HostSettings { Urls = "http://127.0.0.1:0", RunTimers = false, Security = new SecuritySettings { ApiKeys = [.. Entries] } },
            backend, null, logging => logging.ClearProviders());
        await _serve.StartAsync();
        var address = _serve.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _serveHttp = new HttpClient { BaseAddress = new Uri(address) };

        var services = new PipelineServices(Blobs(), new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), TimeProvider.System);
        var parts = PipelineParts.Compose(services);
        _sdk = await SdkTestHost.StartAsync(parts.Tasks.AddTo);
        _functions = new FunctionsApp(new FunctionGate(new ApiKeyRing(Entries), easyAuthEnabled: false), new RunServices(parts.Workloads, services), _sdk.Client);
    }

    public async Task DisposeAsync()
    {
        _serveHttp.Dispose();
        await _serve.StopAsync();
        await _serve.DisposeAsync();
        await _sdk.DisposeAsync();
    }

    [Fact]
    public async Task The_run_list_on_refused_storage_is_a_503_problem_with_retry_after_on_both_hosts()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/runs?pageSize=10");
        request.Headers.Add(ApiKey.Header, ReaderKey);
        using var response = await _serveHttp.SendAsync(request);
        var functions = await _functions.SendAsync("GET", "/api/runs?pageSize=10", null, ReaderKey);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Azure Storage is overloaded or did not answer in time", body, StringComparison.Ordinal);
        Assert.Equal(503, functions.Status);
        Assert.Equal(Detail(body), Detail(functions.Body));
    }

    private static string? Detail(string problem)
    {
        using var json = System.Text.Json.JsonDocument.Parse(problem);
        return json.RootElement.GetProperty("detail").GetString();
    }

    // In memory, but for the run index's container: the real SDK against a loopback port nothing listens on (one retry).
    private static ContainerDown Blobs()
    {
        var client = new BlobServiceClient(
            new Uri($"http://127.0.0.1:{ClosedPort()}/devstoreaccount1"),
            new BlobClientOptions { Retry = { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(1) } });
        return new ContainerDown(new InMemoryBlobStore(), RunIndex.Container, new StorageOverload(new AzureBlobStore(client)));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
