using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;

namespace Tributary.Host.Runtime;

/// <summary>
/// DurableTask.Core object creators that build the SDK's shims around core's orchestrator and activity classes, through
/// the public <see cref="DurableTaskShimFactory"/> meant for alternate runtimes. One creator per task name.
/// </summary>
internal static class ShimCreators
{
    public static ObjectCreator<TaskOrchestration> Orchestration(DurableTaskShimFactory shims, string name, Func<ITaskOrchestrator> create) =>
        new Creator<TaskOrchestration>(name, () => shims.CreateOrchestration(new TaskName(name), create(), parent: null));

    public static ObjectCreator<TaskActivity> Activity(DurableTaskShimFactory shims, string name, Func<ITaskActivity> create) =>
        new Creator<TaskActivity>(name, () => shims.CreateActivity(new TaskName(name), create()));

    private sealed class Creator<T> : ObjectCreator<T>
    {
        private readonly Func<T> _create;

        public Creator(string name, Func<T> create)
        {
            Name = name;
            Version = string.Empty;
            _create = create;
        }

        public override T Create() => _create();
    }
}
