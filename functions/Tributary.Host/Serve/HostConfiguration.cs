using Microsoft.Extensions.Configuration;

namespace Tributary.Host.Serve;

/// <summary>Configuration of the host: appsettings.json in the working directory, then environment variables (`Cosmos__connectionString`, `Tributary__Urls`, …).</summary>
public static class HostConfiguration
{
    public static IConfiguration Load() =>
        new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
}
