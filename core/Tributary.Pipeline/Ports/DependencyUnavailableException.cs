namespace Tributary.Pipeline.Ports;

/// <summary>
/// A dependency (the document store, blob storage) is overloaded or did not answer in time: the request may succeed if
/// repeated later. The HTTP API answers it with 503, a problem body and Retry-After, never 500.
/// </summary>
public sealed class DependencyUnavailableException(string dependency, TimeSpan? retryAfter, Exception inner)
    : Exception($"{dependency} is overloaded or did not answer in time: {inner?.Message}", inner)
{
    /// <summary>The dependency that failed, as operators name it ("Cosmos DB").</summary>
    public string Dependency { get; } = dependency;

    /// <summary>How long the dependency asked callers to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
