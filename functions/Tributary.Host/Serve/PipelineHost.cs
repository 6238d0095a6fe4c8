using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tributary.Host.Serve.Drops;
using Tributary.Host.Serve.Health;
using Tributary.Host.Serve.Security;
using Tributary.Host.Serve.Telemetry;
using Tributary.Host.Serve.Timers;
using Tributary.Host.Serve.WebConsole;
using Tributary.Pipeline.Access;
using Tributary.Http;
using Tributary.Http.Drops;
using Tributary.Pipeline.Hosting;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Serve;

/// <summary>Composes the self-hosted runtime: HTTP API, drop watcher, timers and the engine over one backend.</summary>
public static class PipelineHost
{
    /// <summary>
    /// Builds the web application; run it with RunAsync/StartAsync. The application owns <paramref name="backend"/> once
    /// this returns: disposing the application closes it, so callers dispose only the application.
    /// </summary>
    /// <param name="workloads">The workloads to run; <see cref="WorkloadCatalog.Create"/> when null.</param>
    public static WebApplication Build(
        HostSettings settings, PipelineBackend backend, Func<PipelineServices, IEnumerable<IWorkload>>? workloads = null, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(settings.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes);
        logging?.Invoke(builder.Logging);
        builder.AddServeTelemetry(settings);
        builder.Services.AddPipelineHttp().Configure<UploadLimits>(o => o.MaxUploadBytes = settings.WebConsole.MaxUploadBytes);
        BrowserSafety.AddServices(builder.Services, settings.Security);
        ServeAuthentication.AddServices(builder.Services, settings.Security);
        builder.Services.AddOpenApi(OpenApiShape.Configure);
        builder.Services.AddSingleton(settings);
        AddPipeline(builder.Services, settings, backend, workloads);
        builder.Services.AddSingleton<TimerBoard>();
        builder.Services.AddSingleton<DropBoard>();
        builder.Services.AddHostedService<EngineService>();
        builder.Services.AddSingleton<DropWatcher>();
        builder.Services.AddHostedService(s => s.GetRequiredService<DropWatcher>());
        builder.Services.AddHostedService<TimerService>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));

        var app = builder.Build();
        BrowserSafety.UseHeaders(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        BrowserSafety.UseGuards(app, settings.Security);
        ConsoleFiles.Use(app, settings.WebConsole);
        ServeAuthentication.Use(app);
        app.MapOpenApi("/openapi/{documentName}.json").Requires(PipelineOperation.Read);
        PipelineEndpoints.Map(app);
        HealthApi.Map(app);
        app.MapServeTelemetry();

        // Created now, not on first use, so the container owns it (and through it the backend) even if the app never starts.
        _ = app.Services.GetRequiredService<PipelineRuntime>();
        return app;
    }

    // Core's one composition over this host's adapters: the backend's stores as the ports, the execution journal (when
    // configured) as the activity recorder, then the runtime that runs the composed tasks on the Durable Task Framework.
    private static void AddPipeline(
        IServiceCollection services, HostSettings settings, PipelineBackend backend, Func<PipelineServices, IEnumerable<IWorkload>>? workloads)
    {
        services.AddSingleton(backend.Blobs);
        services.AddSingleton(backend.Documents);
        services.AddSingleton(backend.Events);
        if (settings.ExecutionJournal is { } path)
        {
            services.AddSingleton(_ => new ExecutionJournal(path));
            services.AddSingleton(s => new ActivityStartRecorder(s.GetRequiredService<ExecutionJournal>().Append));
        }

        services.AddTributaryPipeline(settings.Pipeline, workloads);
        services.AddSingleton(s => new PipelineRuntime(backend, settings.Durable, s.GetRequiredService<PipelineParts>()));
    }
}
