using Microsoft.Azure.Cosmos;

namespace Tributary.Storage.Cosmos;

/// <summary>Builds the one <see cref="CosmosClient"/> an app should hold, configured for the local server or a real account.</summary>
public static class CosmosClientFactory
{
    /// <summary>
    /// Creates a client. For a loopback endpoint: gateway mode, LimitToEndpoint (the local server's account metadata
    /// names no usable regions) and a handler that accepts its self-signed certificate. That certificate bypass is
    /// never applied to any other endpoint. For real accounts: the SDK's defaults (direct mode, region discovery),
    /// bulk when <see cref="CosmosSettings.AllowBulk"/>, and Entra ID unless a connection string is given.
    /// </summary>
    public static CosmosClient Create(CosmosSettings settings, string? applicationName = "tributary")
    {
        ArgumentNullException.ThrowIfNull(settings);
        var local = settings.IsLocal;
        var options = new CosmosClientOptions
        {
            ApplicationName = applicationName,
            UseSystemTextJsonSerializerWithOptions = CosmosJson.Options,
            AllowBulkExecution = settings.AllowBulk && !local,

            // Cosmos calls as child spans of the step that made them (source Azure.Cosmos.Operation), when a host traces.
            CosmosClientTelemetryOptions = new CosmosClientTelemetryOptions { DisableDistributedTracing = false },
        };

        if (local)
        {
            options.ConnectionMode = ConnectionMode.Gateway;
            options.LimitToEndpoint = true;
            options.HttpClientFactory = CreateLocalHttpClient;
        }

        return settings.ConnectionString is { } connectionString
            ? new CosmosClient(connectionString, options)
            : new CosmosClient(settings.Endpoint.AbsoluteUri, settings.ResolveCredential(), options);
    }

    private static HttpClient CreateLocalHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            // Local server only (checked by the caller): it serves a self-signed certificate.
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            // Shorter than the launcher's keep-alive timeout, so the client never reuses a socket the server is closing.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        };
        return new HttpClient(handler, disposeHandler: true);
    }
}
