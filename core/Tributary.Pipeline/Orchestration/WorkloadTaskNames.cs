namespace Tributary.Pipeline.Orchestration;

/// <summary>
/// The task names of a workload, the same in both hosts. They are valid Azure Functions names (letters, digits, `_`), so the
/// Functions app's trigger functions carry exactly these names and the orchestrator calls them unchanged.
/// </summary>
public static class WorkloadTaskNames
{
    /// <summary>The workload's orchestrator: its kind.</summary>
    public static string Orchestrator(string kind) => kind;

    /// <summary>The child orchestration that runs a bounded share of the partitions.</summary>
    public static string Partitions(string kind) => $"{kind}_partitions";

    public static string Plan(string kind) => $"{kind}_plan";

    public static string Partition(string kind) => $"{kind}_partition";

    public static string Finalize(string kind) => $"{kind}_finalize";

    public static string Quarantine(string kind) => $"{kind}_quarantine";

    /// <summary>The activity that removes a finished run's staged partitions.</summary>
    public static string RemoveStaging(string kind) => $"{kind}_cleanup";

    /// <summary>The activity that publishes a failed run's event.</summary>
    public static string Failed(string kind) => $"{kind}_failed";
}
