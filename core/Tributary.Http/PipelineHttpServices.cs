using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tributary.Http.Drops;
using Tributary.Pipeline.Durable;

namespace Tributary.Http;

/// <summary>What the route table's answers need from either host's services: one JSON shape and one problem-details writer.</summary>
public static class PipelineHttpServices
{
    /// <summary>
    /// Bodies written as the Durable payloads are (statuses as names, nulls left out), and RFC 9457 problem details with the
    /// request's trace id, so both hosts write the same bytes for the same answer.
    /// </summary>
    /// <remarks>
    /// The routes' own settings (<see cref="UploadLimits"/>) are bound from <paramref name="configuration"/> when given and
    /// validated when the host starts, so a bad value stops it with a message naming the key.
    /// </remarks>
    public static IServiceCollection AddPipelineHttp(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var uploads = services.AddOptions<UploadLimits>();
        if (configuration is not null)
        {
            uploads.Bind(configuration.GetSection(UploadLimits.Section));
        }

        uploads.ValidateDataAnnotations().ValidateOnStart();

        services.Configure<JsonOptions>(o =>
        {
            foreach (var converter in DurableJson.Options.Converters)
            {
                o.SerializerOptions.Converters.Add(converter);
            }

            o.SerializerOptions.DefaultIgnoreCondition = DurableJson.Options.DefaultIgnoreCondition;
        });
        services.AddProblemDetails();
        return services;
    }
}
