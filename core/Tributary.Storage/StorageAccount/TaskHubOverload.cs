using Tributary.Pipeline.Runs;
using Tributary.Storage.Blobs;

namespace Tributary.Storage.StorageAccount;

/// <summary>
/// A run client whose task hub lives in Azure Storage (serve's Durable Task Framework provider, on Azurite or an account),
/// with the storage service's "try again later" answers (<see cref="StorageOverload.IsTransient"/>, also when the provider
/// wraps them) raised as <see cref="Pipeline.Ports.DependencyUnavailableException"/> (<see cref="OverloadGuardedRunClient"/>): the run routes answer 503 with Retry-After, not 500.
/// </summary>
public sealed class TaskHubOverload(IRunClient inner) : OverloadGuardedRunClient(inner)
{
    /// <summary>The name operators see in the problem text.</summary>
    public const string DependencyName = "Azure Storage (task hub)";

    /// <inheritdoc />
    protected override string Dependency => DependencyName;

    /// <inheritdoc />
    protected override bool IsOverload(Exception error, CancellationToken cancellationToken, out TimeSpan? retryAfter)
    {
        var transient = StorageOverload.IsTransient(error, cancellationToken);
        retryAfter = transient ? StorageOverload.RetryAfter(error) : null;
        return transient;
    }
}
