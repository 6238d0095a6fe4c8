using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Tributary.Storage.StorageAccount;

/// <summary>
/// Where the Blob and queue adapters connect: a connection string (Azurite, or a key-based account) or an account
/// name with Microsoft Entra ID. Falls back to the Functions host's own <c>AzureWebJobsStorage</c> settings, which are
/// the names the Bicep gives the Function App.
/// </summary>
public sealed record StorageSettings
{
    /// <summary>Configuration key of <see cref="ConnectionString"/> (env var <c>Storage__connectionString</c>).</summary>
    public const string ConnectionStringKey = "Storage:connectionString";

    /// <summary>Configuration key of <see cref="AccountName"/>.</summary>
    public const string AccountNameKey = "Storage:accountName";

    /// <summary>Configuration key of <see cref="ManagedIdentityClientId"/>.</summary>
    public const string ClientIdKey = "Storage:clientId";

    /// <summary>Fallback connection-string setting of the Functions host.</summary>
    public const string WebJobsConnectionStringKey = "AzureWebJobsStorage";

    /// <summary>Fallback account-name setting of the Functions host (identity-based connection).</summary>
    public const string WebJobsAccountNameKey = "AzureWebJobsStorage:accountName";

    /// <summary>Fallback managed-identity client id of the Functions host.</summary>
    public const string WebJobsClientIdKey = "AzureWebJobsStorage:clientId";

    /// <summary>Key-based connection string; wins over <see cref="AccountName"/>.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Storage account name for Entra ID: blobs at https://NAME.blob.core.windows.net, queues at https://NAME.queue.core.windows.net.</summary>
    public string? AccountName { get; init; }

    /// <summary>Client id of a user-assigned managed identity; null uses the default credential chain as is.</summary>
    public string? ManagedIdentityClientId { get; init; }

    /// <summary>Explicit credential for <see cref="AccountName"/>; overrides <see cref="ManagedIdentityClientId"/>.</summary>
    public TokenCredential? Credential { get; init; }

    /// <summary>Reads the settings through a configuration lookup (e.g. <c>key =&gt; configuration[key]</c>).</summary>
    public static StorageSettings FromConfiguration(Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return new StorageSettings
        {
            ConnectionString = First(setting, ConnectionStringKey, WebJobsConnectionStringKey),
            AccountName = First(setting, AccountNameKey, WebJobsAccountNameKey),
            ManagedIdentityClientId = First(setting, ClientIdKey, WebJobsClientIdKey),
        };
    }

    /// <summary>A Blob service client for these settings.</summary>
    public BlobServiceClient CreateBlobServiceClient() =>
        ConnectionString is { } connectionString
            ? new BlobServiceClient(connectionString)
            : new BlobServiceClient(ServiceUri("blob"), CreateCredential());

    /// <summary>A queue client for these settings; messages are Base64, as Azure Functions queue triggers expect.</summary>
    public QueueClient CreateQueueClient(string queueName)
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        return ConnectionString is { } connectionString
            ? new QueueClient(connectionString, queueName, options)
            : new QueueClient(new Uri(ServiceUri("queue"), queueName), CreateCredential(), options);
    }

    private Uri ServiceUri(string service) => AccountName is { } name
        ? new Uri($"https://{name}.{service}.core.windows.net/")
        : throw new InvalidOperationException($"No storage account configured: set {ConnectionStringKey} or {AccountNameKey} (or {WebJobsConnectionStringKey}).");

    /// <summary>The Entra ID credential for <see cref="AccountName"/>: the explicit one, else the default chain (managed identity first in Azure).</summary>
    public TokenCredential CreateCredential() =>
        Credential ?? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = ManagedIdentityClientId });

    private static string? First(Func<string, string?> setting, params string[] keys) =>
        keys.Select(setting).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
}
