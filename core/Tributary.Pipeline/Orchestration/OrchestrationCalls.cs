using System.Text.Json;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Orchestration;

/// <summary>Result of the plan activity: the request with its parameters resolved (read from a drop's trigger) and the plan.</summary>
public sealed record PlannedRun(RunRequest Request, WorkloadPlan Plan);

/// <summary>Input of the plan activity: the run's request and when the run started (for <see cref="StopGuard"/>).</summary>
public sealed record PlanCall(RunRequest Request, DateTimeOffset? StartedAt = null);

/// <summary>Input of a partition activity: the run, the plan's shared context, the one partition, when the run started and the partition's index in the plan (for its span).</summary>
public sealed record PartitionCall(string RunId, WorkloadPlan Plan, PartitionRef Partition, DateTimeOffset? StartedAt = null, int? Index = null);

/// <summary>Input of the finalize activity.</summary>
public sealed record FinalizeCall(string RunId, RunRequest Request, WorkloadPlan Plan, IReadOnlyList<JsonElement> Summaries, DateTimeOffset? StartedAt = null);

/// <summary>Input of the quarantine activity.</summary>
public sealed record QuarantineCall(string RunId, DropRef Drop, string Report);

/// <summary>Input of the activity that publishes a failed run's event.</summary>
public sealed record RunFailedCall(string RunId, string ErrorType, string Message);

/// <summary>Input of a child orchestration: the parent run id, its share of the partitions, when the run started and the plan index of its first partition.</summary>
public sealed record PartitionBatch(string RunId, WorkloadPlan Plan, DateTimeOffset? StartedAt = null, int FirstIndex = 0);
