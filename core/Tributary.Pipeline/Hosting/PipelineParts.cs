using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Hosting;

/// <summary>
/// The pipeline one host runs, assembled in one place for every host, test harness and bench: its ports, its workloads by
/// kind, and the orchestrators and activities over them.
/// </summary>
public sealed record PipelineParts(PipelineServices Services, IReadOnlyDictionary<string, IWorkload> Workloads, WorkloadTasks Tasks, PipelineOptions Options)
{
    /// <summary>The parts over <paramref name="services"/>: <paramref name="workloads"/> (the catalog when null) and their tasks.</summary>
    public static PipelineParts Compose(PipelineServices services, PipelineOptions? options = null, Func<PipelineServices, IEnumerable<IWorkload>>? workloads = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var settings = options ?? new PipelineOptions();
        var byKind = (workloads ?? WorkloadCatalog.Create)(services).ToDictionary(w => w.Kind, StringComparer.Ordinal);
        return new PipelineParts(services, byKind, WorkloadTasks.For(byKind.Values, services, settings), settings);
    }
}
