using Azure.Core;
using Azure.Identity;

namespace Tributary.Storage.Cosmos;

/// <summary>
/// Where the Cosmos adapters connect. Either a connection string (the local server, or a key-based account) or an
/// account endpoint with Microsoft Entra ID (managed identity in Azure, developer sign-in locally).
/// </summary>
public sealed record CosmosSettings
{
    /// <summary>Configuration key of <see cref="ConnectionString"/> (env var <c>Cosmos__connectionString</c>).</summary>
    public const string ConnectionStringKey = "Cosmos:connectionString";

    /// <summary>Configuration key of <see cref="AccountEndpoint"/>; the same name the Bicep gives the Function App.</summary>
    public const string AccountEndpointKey = "Cosmos:accountEndpoint";

    /// <summary>Configuration key of <see cref="ManagedIdentityClientId"/> (user-assigned identity, as in the Bicep).</summary>
    public const string ClientIdKey = "Cosmos:clientId";

    /// <summary>Configuration key of <see cref="Database"/>.</summary>
    public const string DatabaseKey = "Cosmos:database";

    /// <summary>Configuration key of <see cref="AllowBulk"/>.</summary>
    public const string AllowBulkKey = "Cosmos:allowBulk";

    /// <summary>Key-based connection string: <c>AccountEndpoint=…;AccountKey=…;</c>. Wins over <see cref="AccountEndpoint"/>.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Account endpoint for Entra ID authentication (https://ACCOUNT.documents.azure.com:443/).</summary>
    public Uri? AccountEndpoint { get; init; }

    /// <summary>Client id of a user-assigned managed identity; null uses the default credential chain as is.</summary>
    public string? ManagedIdentityClientId { get; init; }

    /// <summary>Explicit credential for <see cref="AccountEndpoint"/>; overrides <see cref="ManagedIdentityClientId"/>.</summary>
    public TokenCredential? Credential { get; init; }

    /// <summary>Database name; null takes the one in infra/cosmos-containers.json.</summary>
    public string? Database { get; init; }

    /// <summary>
    /// Bulk execution for real accounts (default on). Always off for a loopback endpoint: the local server reads the SDK's
    /// transactional batches but not bulk's batches over a key range. Our writes never depend on it; it only lets the SDK
    /// group concurrent single writes (many writes to one partition go as transactional batches, UpsertManyAsync).
    /// </summary>
    public bool AllowBulk { get; init; } = true;

    /// <summary>The endpoint these settings name.</summary>
    public Uri Endpoint => AccountEndpoint ?? EndpointOf(ConnectionString
        ?? throw new InvalidOperationException($"No Cosmos DB account configured: set {ConnectionStringKey} or {AccountEndpointKey}."));

    /// <summary>True for 127.0.0.1, ::1 and localhost: the local server, whose self-signed certificate is accepted.</summary>
    public bool IsLocal => Endpoint.IsLoopback;

    /// <summary>Reads the settings through a configuration lookup (e.g. <c>key =&gt; configuration[key]</c>).</summary>
    public static CosmosSettings FromConfiguration(Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var endpoint = setting(AccountEndpointKey);
        var bulk = setting(AllowBulkKey);
        return new CosmosSettings
        {
            ConnectionString = NullIfBlank(setting(ConnectionStringKey)),
            AccountEndpoint = string.IsNullOrWhiteSpace(endpoint) ? null : new Uri(endpoint, UriKind.Absolute),
            ManagedIdentityClientId = NullIfBlank(setting(ClientIdKey)),
            Database = NullIfBlank(setting(DatabaseKey)),
            AllowBulk = string.IsNullOrWhiteSpace(bulk) || bool.Parse(bulk),
        };
    }

    /// <summary>The credential used with <see cref="AccountEndpoint"/>.</summary>
    internal TokenCredential ResolveCredential() =>
        Credential ?? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = ManagedIdentityClientId });

    private static Uri EndpointOf(string connectionString)
    {
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals > 0 && part[..equals].Equals("AccountEndpoint", StringComparison.OrdinalIgnoreCase))
            {
                return new Uri(part[(equals + 1)..], UriKind.Absolute);
            }
        }

        throw new InvalidOperationException("The Cosmos connection string has no AccountEndpoint=… part.");
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
