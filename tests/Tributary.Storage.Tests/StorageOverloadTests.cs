using System.Net;
using Azure;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Tributary.Local.Emulators;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;
using Tributary.Storage.Blobs;
using Tributary.Storage.StorageAccount;

namespace Tributary.Storage.Tests;

/// <summary>
/// Azure Storage's "try again later" reaches the pipeline as <see cref="DependencyUnavailableException"/> (which the HTTP API
/// answers with 503 and Retry-After): a stopped Azurite, and ServerBusy / OperationTimedOut answers through the real SDK.
/// </summary>
public sealed class StorageOverloadTests
{
    private static readonly BlobRef Blob = new("overload", "a.txt");

    [Fact]
    public async Task A_stopped_azurite_is_a_dependency_unavailable_not_a_server_error()
    {
        var emulators = await LocalEmulators.StartAsync(new LocalEmulatorOptions { Cosmos = false, StartTimeout = TimeSpan.FromSeconds(90) });
        var store = new StorageOverload(new AzureBlobStore(Client(emulators.StorageConnectionString)));
        await store.EnsureContainerAsync(Blob.Container, default);
        await store.WriteAsync(Blob, new MemoryStream("x"u8.ToArray()), default);
        Assert.NotNull(await store.GetInfoAsync(Blob, default));

        await emulators.DisposeAsync();

        // Connection refused once the SDK's retries are spent.
        var unavailable = await Assert.ThrowsAsync<DependencyUnavailableException>(() => store.GetInfoAsync(Blob, default));
        Assert.Equal(StorageOverload.Dependency, unavailable.Dependency);
        Assert.Null(unavailable.RetryAfter);
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => store.ListNamesAsync(Blob.Container, "", 10, null, default));
        await Assert.ThrowsAsync<DependencyUnavailableException>(async () =>
        {
            await foreach (var _ in store.ListAsync(Blob.Container, "", default))
            {
            }
        });
    }

    [Fact]
    public async Task Server_busy_and_operation_timed_out_are_unavailable_with_the_services_wait_and_other_failures_pass_unchanged()
    {
        var busy = Store(HttpStatusCode.ServiceUnavailable, "ServerBusy", retryAfter: 7);
        var unavailable = await Assert.ThrowsAsync<DependencyUnavailableException>(() => busy.GetInfoAsync(Blob, default));
        Assert.Equal(TimeSpan.FromSeconds(7), unavailable.RetryAfter);
        Assert.Equal(503, Assert.IsType<RequestFailedException>(unavailable.InnerException).Status);
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => busy.WriteAsync(Blob, new MemoryStream("x"u8.ToArray()), default));

        var timedOut = Store(HttpStatusCode.InternalServerError, "OperationTimedOut");
        Assert.Null((await Assert.ThrowsAsync<DependencyUnavailableException>(() => timedOut.DeleteAsync(Blob, default))).RetryAfter);

        // A server error that is no timeout, a refusal and a missing blob are not "try again later".
        var broken = Store(HttpStatusCode.InternalServerError, "InternalError");
        Assert.Equal(500, (await Assert.ThrowsAsync<RequestFailedException>(() => broken.GetInfoAsync(Blob, default))).Status);
        var refused = Store(HttpStatusCode.Forbidden, "AuthorizationFailure");
        Assert.Equal(403, (await Assert.ThrowsAsync<RequestFailedException>(() => refused.GetInfoAsync(Blob, default))).Status);
        Assert.Null(await Store(HttpStatusCode.NotFound, "BlobNotFound").GetInfoAsync(Blob, default));
        await Assert.ThrowsAsync<FileNotFoundException>(() => Store(HttpStatusCode.NotFound, "BlobNotFound").OpenReadAsync(Blob, default));
    }

    [Fact]
    public async Task The_callers_own_cancellation_stays_a_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var store = Store(HttpStatusCode.ServiceUnavailable, "ServerBusy");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.GetInfoAsync(Blob, cancelled.Token));
    }

    [Fact]
    public async Task The_task_hub_on_storage_is_unavailable_when_its_provider_wraps_a_busy_answer()
    {
        // The Durable Task Framework's Azure Storage provider wraps the SDK's failure in its own exception.
        var busy = new RequestFailedException(503, "The server is busy.", "ServerBusy", null);
        var hub = new TaskHubOverload(new FailingRunClient(new InvalidOperationException("storage operation failed", busy)));
        var unavailable = await Assert.ThrowsAsync<DependencyUnavailableException>(() => hub.GetAsync("gen-r1", false, default));
        Assert.Equal(TaskHubOverload.DependencyName, unavailable.Dependency);
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => hub.QueryAsync(new RunQuery(), default));

        var conflict = new TaskHubOverload(new FailingRunClient(new RequestFailedException(409, "conflict", "Conflict", null)));
        await Assert.ThrowsAsync<RequestFailedException>(() => conflict.GetAsync("gen-r1", false, default));
    }

    // The real SDK over a transport that answers every request with one status and error code; one retry, no wait.
    private static StorageOverload Store(HttpStatusCode status, string errorCode, int? retryAfter = null) =>
        new(new AzureBlobStore(new BlobServiceClient(
            new Uri("http://127.0.0.1:10000/devstoreaccount1"),
            new BlobClientOptions
            {
                Transport = new HttpClientTransport(new HttpClient(new Answering(status, errorCode, retryAfter))),
                Retry = { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(1) },
            })));

    private static BlobServiceClient Client(string connectionString) =>
        new(connectionString, new BlobClientOptions { Retry = { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(10), NetworkTimeout = TimeSpan.FromSeconds(10) } });

    private sealed class Answering(HttpStatusCode status, string errorCode, int? retryAfter) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // What the service (and Azurite) sends: the code as a header and in an XML error body.
            var body = $"""<?xml version="1.0" encoding="utf-8"?><Error><Code>{errorCode}</Code><Message>answered by the test</Message></Error>""";
            var response = new HttpResponseMessage(status)
            {
                RequestMessage = request,
                Content = request.Method == HttpMethod.Head ? new ByteArrayContent([]) : new StringContent(body, System.Text.Encoding.UTF8, "application/xml"),
            };
            response.Headers.Add("x-ms-error-code", errorCode);
            if (retryAfter is { } seconds)
            {
                response.Headers.Add("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return Task.FromResult(response);
        }
    }

    private sealed class FailingRunClient(Exception failure) : IRunClient
    {
        public Task<bool> StartIfAbsentAsync(string kind, string runId, RunRequest request, CancellationToken cancellationToken) => throw failure;

        public Task<RunState?> GetAsync(string runId, bool withInputsAndOutputs, CancellationToken cancellationToken) => throw failure;

        public Task<RunStatePage> QueryAsync(RunQuery query, CancellationToken cancellationToken) => throw failure;

        public Task TerminateAsync(string runId, string reason, CancellationToken cancellationToken) => throw failure;

        public Task<IReadOnlyList<TaskHistoryEvent>?> GetTaskHistoryAsync(string instanceId, CancellationToken cancellationToken) => throw failure;

        public Task<bool> PurgeInstanceAsync(string runId, CancellationToken cancellationToken) => throw failure;
    }
}
