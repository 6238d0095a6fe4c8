using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Settings;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Hosting;

/// <summary>The composition root a host that uses dependency injection calls once, after registering its adapters for the ports.</summary>
public static class PipelineServiceCollection
{
    /// <summary>
    /// Registers the pipeline over the adapters already registered for <see cref="IBlobStore"/>, <see cref="IDocumentStore"/>
    /// and <see cref="IRunEventPublisher"/>: <see cref="PipelineOptions"/> read from <paramref name="settings"/> (the same keys
    /// `tributary serve` reads), <see cref="PipelineServices"/>, and <see cref="PipelineParts"/> with the workloads by kind and
    /// their tasks. Every unusable setting is reported at once, naming its key, and stops the host before it serves anything.
    /// </summary>
    /// <exception cref="InvalidOperationException">A setting is present but unusable.</exception>
    public static IServiceCollection AddTributaryPipeline(this IServiceCollection services, Func<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        var values = new SettingValues(settings);
        var options = PipelineOptions.From(values);
        if (values.Errors.Count > 0)
        {
            throw new InvalidOperationException("unusable settings: " + string.Join("; ", values.Errors));
        }

        return services.AddTributaryPipeline(options);
    }

    /// <summary>
    /// Registers the pipeline with options the host has already read and validated (serve reads them with the rest of its
    /// settings): the same registrations as the overload that reads settings. <paramref name="workloads"/> replaces the
    /// catalog (tests); an <see cref="ActivityStartRecorder"/> registered by the host is told of every activity attempt.
    /// </summary>
    public static IServiceCollection AddTributaryPipeline(
        this IServiceCollection services, PipelineOptions options, Func<PipelineServices, IEnumerable<IWorkload>>? workloads = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new PipelineServices(
            sp.GetRequiredService<IBlobStore>(),
            sp.GetRequiredService<IDocumentStore>(),
            sp.GetRequiredService<IRunEventPublisher>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ActivityStartRecorder>()?.Record,
            sp.GetService<ILoggerFactory>()));
        services.AddSingleton(sp => PipelineParts.Compose(sp.GetRequiredService<PipelineServices>(), options, workloads));
        services.AddSingleton(sp => sp.GetRequiredService<PipelineParts>().Workloads);
        services.AddSingleton(sp => sp.GetRequiredService<PipelineParts>().Tasks);
        return services;
    }
}
