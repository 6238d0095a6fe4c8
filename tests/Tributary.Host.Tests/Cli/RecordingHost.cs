using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;

namespace Tributary.Host.Tests.Cli;

/// <summary>One request as the <see cref="RecordingHost"/> saw it.</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, string? ApiKey, string Body, string? ContentType);

/// <summary>
/// A loopback HTTP server that records every request and answers each with a fixed status and JSON body: what a host with
/// authentication would say (401, 403), without depending on that host.
/// </summary>
internal sealed class RecordingHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingHost(WebApplication app, ConcurrentQueue<RecordedRequest> requests)
    {
        _app = app;
        Requests = requests;
        Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string Address { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; }

    public static async Task<RecordingHost> StartAsync(int status, string json)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var requests = new ConcurrentQueue<RecordedRequest>();
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            requests.Enqueue(new RecordedRequest(
                context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers["X-Api-Key"].FirstOrDefault(), body,
                context.Request.ContentType));
            context.Response.StatusCode = status;
            context.Response.ContentType = status >= 400 ? "application/problem+json" : "application/json";
            await context.Response.WriteAsync(json);
        });
        await app.StartAsync();
        return new RecordingHost(app, requests);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
