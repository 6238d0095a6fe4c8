using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Tributary.Host.Serve;
using Tributary.Host.Serve.Security;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.InMemory;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Runs;
using Tributary.Pipeline.Workloads;

namespace Tributary.Console.Tests.Support;

/// <summary>
/// One `tributary serve` in process (every real workload plus a gated one, on the in-memory backend) with a finished run of
/// each workload, one API key per role, and one headless chromium, shared by the browser tests.
/// </summary>
public sealed class ConsoleHost : IAsyncLifetime
{
    private WebApplication? _app;
    private IPlaywright? _playwright;

    /// <summary>The key of each role; the key named `{role}-key` holds only that role.</summary>
    public IReadOnlyDictionary<Role, string> Keys { get; } = RoleNames.All.ToDictionary(r => r, _ => ApiKey.Generate());

    /// <summary>A workload whose partitions wait for its gate: a run that stays live while a test watches.</summary>
    public GatedWorkload Gated { get; } = new();

    public Uri Address { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>A client of the API with the admin key.</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>The seeded runs by kind.</summary>
    public IReadOnlyDictionary<string, string> Runs { get; private set; } = new Dictionary<string, string>();

    public IBlobStore Blobs => _app!.Services.GetRequiredService<PipelineRuntime>().Services.Blobs;

    /// <summary>The host's result documents (to seed what a test needs, e.g. suggestions on known breaks).</summary>
    public IDocumentStore Documents => _app!.Services.GetRequiredService<PipelineRuntime>().Services.Documents;

    public async Task InitializeAsync()
    {
        var security = new SecuritySettings
        {
            ApiKeys = [.. RoleNames.All.Select(r => new ApiKeyEntry($"{r.Name()}-key", ApiKey.Hash(Keys[r]), new HashSet<Role> { r }))],
        };
        var backend = new PipelineBackend(
            "in-memory (console tests)", null, new InMemoryBlobStore(), new InMemoryDocumentStore(), new InMemoryRunEventPublisher(), [],
            taskHub: logs => new Tributary.Testing.HistoryKeepingOrchestrationService(logs));
        _app = PipelineHost.Build(
            new HostSettings { Urls = "http://127.0.0.1:0", DropPollInterval = TimeSpan.FromMilliseconds(100), RunTimers = false, Security = security },
            backend,
            services => [.. WorkloadCatalog.Create(services), Gated],
            logging => logging.ClearProviders());
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Api = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        Api.DefaultRequestHeaders.Add(ApiKey.Header, Keys[Role.Admin]);
        Runs = await Samples.SeedAsync(this);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium.Path, Headless = true });
    }

    /// <summary>A page in a fresh browser context; signed in with the role's key (in sessionStorage, as the sign-in form leaves it) unless null.</summary>
    public async Task<WatchedPage> OpenAsync(Role? role)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Address.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, AcceptDownloads = true });
        if (role is { } r)
        {
            await context.AddInitScriptAsync($"sessionStorage.setItem('tributary.apiKey', '{Keys[r]}');");
        }

        return new WatchedPage(context, await context.NewPageAsync(), Address);
    }

    /// <summary>Polls a run until it has finished.</summary>
    public async Task<RunStatusView> WaitAsync(string id, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            using var response = await Api.GetAsync($"api/runs/{id}");
            if (response.IsSuccessStatusCode)
            {
                var view = (await response.Content.ReadFromJsonAsync<RunStatusView>(DurableJson.Options))!;
                if (view.RuntimeStatus is RuntimeStatus.Completed or RuntimeStatus.Failed or RuntimeStatus.Terminated)
                {
                    return view;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"run {id} did not finish in {seconds} s");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Starts a run over the API; returns its id.</summary>
    public async Task<string> StartAsync(string kind, string json)
    {
        using var response = await Api.PostAsync($"api/runs/{kind}", new StringContent(json, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<RunLinks>(DurableJson.Options))!.Id;
    }

    public async Task DisposeAsync()
    {
        Gated.Release();
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Api?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

/// <summary>The browser tests share one host and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleHost>
{
    public const string Name = "console";
}
