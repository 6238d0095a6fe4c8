using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Tributary.Pipeline.Durable;

namespace Tributary.Http;

/// <summary>What the route table's answers need from either host's services: one JSON shape and one problem-details writer.</summary>
public static class PipelineHttpServices
{
    /// <summary>
    /// Bodies written as the Durable payloads are (statuses as names, nulls left out), and RFC 9457 problem details with the
    /// request's trace id, so both hosts write the same bytes for the same answer.
    /// </summary>
    public static IServiceCollection AddPipelineHttp(this IServiceCollection services)
    {
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
