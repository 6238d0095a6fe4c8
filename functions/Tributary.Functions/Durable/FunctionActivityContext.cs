using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Tributary.Functions.Durable;

/// <summary>The <see cref="TaskActivityContext"/> core's activities read (task name, instance id), built from a Functions invocation.</summary>
public sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    /// <summary>The binding-data key under which the Durable extension passes an activity's orchestration instance id.</summary>
    public const string InstanceIdKey = "instanceId";

    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;

    /// <summary>The context of the activity <paramref name="name"/> in this invocation.</summary>
    public static FunctionActivityContext For(string name, FunctionContext invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        // The isolated extension has no TaskActivityContext for function-based activities; it puts the instance id in the
        // trigger's binding data. Core's plan activity derives the run id from it, so its absence is a host fault, not a default.
        var instanceId = invocation.BindingContext.BindingData.TryGetValue(InstanceIdKey, out var value) && value?.ToString() is { Length: > 0 } id
            ? id
            : throw new InvalidOperationException($"activity {name}: the Durable extension supplied no '{InstanceIdKey}' binding data");
        return new FunctionActivityContext(new TaskName(name), instanceId);
    }
}
