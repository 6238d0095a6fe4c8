using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tributary.Host.Serve;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Tests.Serve;

/// <summary>A `tributary serve` started in process on a free loopback port, with the given workloads and backend.</summary>
internal sealed class HostHarness : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HostHarness(WebApplication app, HttpClient http)
    {
        _app = app;
        Http = http;
    }

    /// <summary>A client that sends the admin test key.</summary>
    public HttpClient Http { get; }

    /// <summary>A new client that sends <paramref name="key"/> (none when null); dispose it.</summary>
    public HttpClient ClientWith(string? key) => TestKeys.Client(Http.BaseAddress!, key);

    public PipelineRuntime Runtime => _app.Services.GetRequiredService<PipelineRuntime>();

    /// <summary>The host's service provider.</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<HostHarness> StartAsync(PipelineBackend backend, Func<PipelineServices, IEnumerable<IWorkload>> workloads, HostSettings? settings = null)
    {
        var app = PipelineHost.Build(
            (settings ?? new HostSettings()) with
            {
                Urls = "http://127.0.0.1:0",
                DropPollInterval = TimeSpan.FromMilliseconds(100),
                RunTimers = false,
                Security = TestKeys.With((settings ?? new HostSettings()).Security),
            },
            backend,
            workloads,
            logging => logging.ClearProviders());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HostHarness(app, TestKeys.Client(new Uri(address), TestKeys.Admin));
    }

    public async Task<RunStatusView> WaitAsync(string id, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            using var response = await Http.GetAsync($"api/runs/{id}");
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound && DateTime.UtcNow < deadline)
            {
                // A drop's run appears once the watcher has scanned.
                await Task.Delay(50);
                continue;
            }

            var status = (await response.Content.ReadFromJsonAsync<RunStatusView>(DurableJson.Options))!;
            if (status.RuntimeStatus is RuntimeStatus.Completed or RuntimeStatus.Failed or RuntimeStatus.Terminated || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Every run the host lists with this filter (all pages).</summary>
    public async Task<IReadOnlyList<RunStatusView>> RunsAsync(string? kind = null, params RuntimeStatus[] statuses)
    {
        var all = new List<RunStatusView>();
        string? token = null;
        do
        {
            var outcome = await Runtime.Runs.ListAsync(new RunListFilter(statuses.Length == 0 ? null : statuses, kind, null, null, 100, token), default);
            var page = outcome.Match(p => p, m => throw new InvalidOperationException(m), (f, p) => throw new InvalidOperationException($"{f}: {p}"), c => throw new InvalidOperationException(c));
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
