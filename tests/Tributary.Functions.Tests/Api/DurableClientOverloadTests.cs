using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Tributary.Functions.Api;
using Tributary.Functions.Runs;
using Tributary.Functions.Tests.Support;
using Tributary.Pipeline.Hosting;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Workloads;

namespace Tributary.Functions.Tests.Api;

/// <summary>
/// The app's Durable client talks gRPC to its host: a host that is overloaded, out of reach or too slow answers the run
/// routes with 503, a problem naming it and Retry-After, as serve's task hub does, never 500; other gRPC errors stay errors.
/// </summary>
public sealed class DurableClientOverloadTests
{
    private static readonly StatusCode[] TryAgainLater = [StatusCode.Unavailable, StatusCode.DeadlineExceeded, StatusCode.ResourceExhausted];

    public static TheoryData<StatusCode, string, string, string?> Calls()
    {
        var data = new TheoryData<StatusCode, string, string, string?>();
        foreach (var status in TryAgainLater)
        {
            data.Add(status, "GET", "/api/runs/gen-1", null);
            data.Add(status, "GET", "/api/runs?kind=gen", null);
            data.Add(status, "POST", "/api/runs/gen", """{"id": "gen-2", "parameters": {"seed": 7, "count": 10}}""");
            data.Add(status, "POST", "/api/runs/gen-1/terminate?reason=test", null);
            data.Add(status, "DELETE", "/api/runs/gen-1", null);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task A_durable_host_that_says_try_again_later_is_a_503_problem_with_retry_after(StatusCode status, string method, string path, string? body)
    {
        var answer = await Http(new RefusingClient(new RpcException(new Status(status, "the host is busy")))).SendAsync(method, path, body);

        Assert.Equal(503, answer.Status);
        Assert.Equal("5", answer.Headers.RetryAfter.ToString());
        Assert.Equal(503, answer.Json.GetProperty("status").GetInt32());
        Assert.Contains(DurableClientOverload.DependencyName, answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hosts_own_push_back_sets_retry_after()
    {
        var trailers = new Metadata { { "grpc-retry-pushback-ms", "12500" } };
        var answer = await Http(new RefusingClient(new RpcException(new Status(StatusCode.ResourceExhausted, "slow down"), trailers))).SendAsync("GET", "/api/runs/gen-1");

        Assert.Equal(503, answer.Status);
        Assert.Equal("13", answer.Headers.RetryAfter.ToString());
    }

    [Theory]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.InvalidArgument)]
    public async Task Other_grpc_errors_are_not_called_an_overload(StatusCode status)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Http(new RefusingClient(new RpcException(new Status(status, "broken")))).SendAsync("GET", "/api/runs/gen-1"));
        Assert.Equal(status, error.StatusCode);
    }

    private static FunctionsHttp Http(DurableTaskClient client)
    {
        var services = new PipelineServices(new InMemoryBlobStore(), new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), TimeProvider.System);
        var parts = PipelineParts.Compose(services, FunctionsHost.Options);
        return new FunctionsHttp(new PipelineHttpFunctions(new FunctionsApi(new RunServices(parts.Workloads, services))), client);
    }

    /// <summary>A Durable client whose every call to its host fails with <paramref name="error"/>.</summary>
    private sealed class RefusingClient(RpcException error) : DurableTaskClient("refusing")
    {
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
            Pageable.Create<OrchestrationMetadata>((_, _, _) => throw error);

        public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
            throw error;

        public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
            throw error;

        public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
            throw error;

        public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
            throw error;

        public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw error;

        public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
            throw error;

        public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw error;

        public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
            throw error;

        public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
            throw error;

        public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
            throw error;
    }
}
