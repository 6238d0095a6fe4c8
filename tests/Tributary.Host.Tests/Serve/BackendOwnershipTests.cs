using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tributary.Host.Serve;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Tests.Serve;

/// <summary>One owner closes the backend: the application, through the runtime it created, once, after the worker stopped.</summary>
public sealed class BackendOwnershipTests
{
    private int _closed;
    private string? _workerWhenClosed;
    private PipelineRuntime? _runtime;

    private PipelineBackend Counted() =>
        new("in-memory (ownership test)", null, new InMemoryBlobStore(), new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), [],
            dispose: () =>
            {
                Interlocked.Increment(ref _closed);
                _workerWhenClosed = _runtime?.TaskHubDescription;
                return ValueTask.CompletedTask;
            },
            taskHub: logs => new Tributary.Testing.HistoryKeepingOrchestrationService(logs));

    private Microsoft.AspNetCore.Builder.WebApplication Build() =>
        PipelineHost.Build(
            new HostSettings { Urls = "http://127.0.0.1:0", RunTimers = false, Security = TestKeys.With(new HostSettings().Security) },
            Counted(), WorkloadCatalog.Create, logging => logging.ClearProviders());

    [Fact]
    public async Task Stopping_the_app_stops_the_worker_and_disposing_it_closes_the_backend_once()
    {
        var app = Build();
        _runtime = app.Services.GetRequiredService<PipelineRuntime>();
        await app.StartAsync();
        Assert.NotEqual("not started", _runtime.TaskHubDescription);

        await app.StopAsync();
        Assert.Equal("not started", _runtime.TaskHubDescription);
        Assert.Equal(0, _closed);

        await app.DisposeAsync();
        Assert.Equal(1, _closed);
        Assert.Equal("not started", _workerWhenClosed);

        // A second disposal (a caller's `await using` after an explicit one) closes nothing twice.
        await app.DisposeAsync();
        Assert.Equal(1, _closed);
    }

    [Fact]
    public async Task An_app_that_never_started_still_closes_its_backend_when_disposed()
    {
        var app = Build();

        await app.DisposeAsync();

        Assert.Equal(1, _closed);
    }
}
