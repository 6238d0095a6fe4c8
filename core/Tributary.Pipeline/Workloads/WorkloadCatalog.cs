namespace Tributary.Pipeline.Workloads;

/// <summary>The workloads every host runs. Adding a workload: implement <see cref="IWorkload"/> in its feature folder and list it here.</summary>
public static class WorkloadCatalog
{
    /// <summary>Creates every workload over the given ports.</summary>
    public static IReadOnlyList<IWorkload> Create(PipelineServices services) =>
    [
        new Hpi.HpiWorkload(services),
        new Reconciliation.ReconciliationWorkload(services),
        new Generation.GenerationWorkload(services),
        new Forecast.ForecastWorkload(services),
    ];
}
