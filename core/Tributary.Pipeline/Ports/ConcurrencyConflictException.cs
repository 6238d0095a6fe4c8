namespace Tributary.Pipeline.Ports;

/// <summary>Raised when a conditional write lost to a concurrent writer (a stale ETag).</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);
