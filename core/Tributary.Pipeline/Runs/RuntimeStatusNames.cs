namespace Tributary.Pipeline.Runs;

/// <summary>
/// The one mapping between the runtimes' orchestration statuses and a run's <see cref="RuntimeStatus"/>, by status name, so
/// the SDK's client (Functions) and the Durable Task Framework's (serve) read and filter runs alike: a suspended or
/// continued-as-new run is Running, a canceled one Terminated, and a Running filter finds all of them.
/// </summary>
public static class RuntimeStatusNames
{
    private static readonly IReadOnlyDictionary<RuntimeStatus, string[]> Names = new Dictionary<RuntimeStatus, string[]>
    {
        [RuntimeStatus.Pending] = ["Pending"],
        [RuntimeStatus.Running] = ["Running", "ContinuedAsNew", "Suspended"],
        [RuntimeStatus.Completed] = ["Completed"],
        [RuntimeStatus.Failed] = ["Failed"],
        [RuntimeStatus.Terminated] = ["Terminated", "Canceled"],
    };

    /// <summary>The run status of a runtime status named <paramref name="name"/>; an unknown name is Pending (nothing ran yet that we know of).</summary>
    public static RuntimeStatus FromName(string name) =>
        Names.FirstOrDefault(n => n.Value.Contains(name, StringComparer.Ordinal)) is { Value: not null } match ? match.Key : RuntimeStatus.Pending;

    /// <summary>The runtime statuses of <typeparamref name="TStatus"/> that a filter on <paramref name="status"/> must ask for.</summary>
    public static IEnumerable<TStatus> ToRuntime<TStatus>(RuntimeStatus status)
        where TStatus : struct, Enum =>
        Names[status].Select(n => Enum.TryParse<TStatus>(n, out var value) ? (TStatus?)value : null).OfType<TStatus>();

    /// <summary>The run status of a runtime status value.</summary>
    public static RuntimeStatus FromRuntime<TStatus>(TStatus status)
        where TStatus : struct, Enum => FromName(status.ToString());
}
