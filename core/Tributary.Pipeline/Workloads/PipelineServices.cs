using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Ports;

namespace Tributary.Pipeline.Workloads;

/// <summary>The ports workloads and the pipeline's own activities use.</summary>
/// <param name="ActivityStarting">Called as each activity attempt starts (the host's execution journal: who ran what, where).</param>
/// <param name="Logs">Where the run steps log (inside a scope with the run id and workload); nowhere when null.</param>
public sealed record PipelineServices(
    IBlobStore Blobs, IDocumentStore Documents, IRunEventPublisher Events, TimeProvider Time, Action<ActivityStart>? ActivityStarting = null, ILoggerFactory? Logs = null);

/// <summary>One activity attempt beginning: the run, the task and the partition (null for plan, finalize and the others).</summary>
public sealed record ActivityStart(string RunId, string Task, string? Partition);
