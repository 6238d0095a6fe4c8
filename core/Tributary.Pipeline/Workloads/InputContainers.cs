namespace Tributary.Pipeline.Workloads;

/// <summary>
/// Where a run's input may come from: the drop containers, never outputs, staging or the quarantine (a run over quarantined
/// files would bring rejected input back) and never a made-up name such as `../etc`.
/// </summary>
public static class InputContainers
{
    /// <summary>The drop container of every workload of <see cref="WorkloadCatalog"/>.</summary>
    public static IReadOnlyList<string> Drops { get; } =
        [Hpi.HpiWorkload.DropContainer, Reconciliation.ReconciliationWorkload.DropContainer, Forecast.ForecastWorkload.DropContainer, Generation.GenerationWorkload.DropContainer];

    /// <summary>Why a run of the workload may not read from this container and prefix, or null when it may.</summary>
    public static string? Problem(IWorkload workload, string container)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(container);
        return Drops.Contains(container, StringComparer.Ordinal) || workload.Drop?.Container == container
            ? null
            : $"'{(container.Length <= 80 ? container : container[..77] + "...")}' is not a drop container; input is read from {string.Join(", ", Drops.Union(workload.Drop is { } d ? [d.Container] : []))}";
    }

    /// <summary>Why a source prefix is not a plain folder path (a '..' segment or a backslash), or null when it is.</summary>
    public static string? PrefixProblem(string? prefix) =>
        prefix is not null && (prefix.Contains('\\', StringComparison.Ordinal) || prefix.Split('/').Contains(".."))
            ? "a folder of the container: no '..' segments or '\\'"
            : null;
}
