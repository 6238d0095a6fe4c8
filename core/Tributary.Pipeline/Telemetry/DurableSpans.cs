using System.Diagnostics;
using Tributary.Pipeline.Runs;

namespace Tributary.Pipeline.Telemetry;

/// <summary>
/// The Durable Task Framework's own spans (`orchestration:gen`, `activity:gen_partition`, ...) tagged with the run they belong
/// to, so a tracing backend finds every span of a run by `tributary.run.id`. The run is read from the span's instance id
/// (`{kind}-{run id}`, or a child's `sub.{kind}-{run id}:{n}`) and its task name (`{kind}` or `{kind}_{step}`).
/// </summary>
public static class DurableSpans
{
    /// <summary>DurableTask.Core's ActivitySource.</summary>
    public const string CoreSource = "DurableTask.Core";

    /// <summary>The Durable Task SDK's ActivitySource (its client and worker).</summary>
    public const string SdkSource = "Microsoft.DurableTask";

    private const string InstanceIdTag = "durabletask.task.instance_id";
    private const string TaskNameTag = "durabletask.task.name";

    /// <summary>Adds `tributary.run.id` and `tributary.workload` to a Durable span of a run; leaves other spans alone.</summary>
    public static void Tag(Activity span)
    {
        ArgumentNullException.ThrowIfNull(span);
        if (span.GetTagItem(InstanceIdTag) is not string instance || span.GetTagItem(TaskNameTag) is not string task || task.Length == 0)
        {
            return;
        }

        var underscore = task.IndexOf('_', StringComparison.Ordinal);
        var kind = underscore > 0 ? task[..underscore] : task;
        if (instance.StartsWith(RunIds.ChildPrefix, StringComparison.Ordinal))
        {
            var colon = instance.LastIndexOf(':');
            instance = colon > RunIds.ChildPrefix.Length ? instance[RunIds.ChildPrefix.Length..colon] : instance;
        }

        if (instance.StartsWith(RunIds.KindPrefix(kind), StringComparison.Ordinal))
        {
            span.SetTag(PipelineTelemetry.RunIdTag, RunIds.RunIdOf(kind, instance));
            span.SetTag(PipelineTelemetry.WorkloadTag, kind);
        }
    }
}
