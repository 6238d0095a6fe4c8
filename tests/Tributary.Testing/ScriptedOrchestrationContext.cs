using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tributary.Testing;

/// <summary>
/// A substitute <see cref="TaskOrchestrationContext"/> for orchestrator unit tests: every activity or child orchestration the
/// orchestrator calls waits in <see cref="Pending"/> until the test answers it, on the test's own thread, so the
/// orchestrator runs single-threaded as under the real scheduler and the test sees exactly what is in flight at each step.
/// No engine, no replay, no storage: the fast tier beside the tests on the SDK's real engine.
/// </summary>
public sealed class ScriptedOrchestrationContext(string name, string instanceId, DateTime now) : TaskOrchestrationContext
{
    private readonly List<object?> _statuses = [];

    /// <summary>Calls waiting for an answer, oldest first.</summary>
    public List<ScriptedCall> Pending { get; } = [];

    /// <summary>Every call made, in order.</summary>
    public List<ScriptedCall> Calls { get; } = [];

    /// <summary>Each custom status set, in order.</summary>
    public IReadOnlyList<object?> Statuses => _statuses;

    /// <inheritdoc />
    public override TaskName Name => name;

    /// <inheritdoc />
    public override string InstanceId => instanceId;

    /// <inheritdoc />
    public override ParentOrchestrationInstance? Parent => null;

    /// <inheritdoc />
    public override DateTime CurrentUtcDateTime => now;

    /// <inheritdoc />
    public override bool IsReplaying => false;

    /// <inheritdoc />
    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    /// <inheritdoc />
    public override async Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
        (TResult)(await Enqueue(name.Name, input, options, child: false))!;

    /// <inheritdoc />
    public override async Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        (TResult)(await Enqueue(orchestratorName.Name, input, options, child: true))!;

    /// <inheritdoc />
    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the pipeline's orchestrators wait for no external event");

    /// <inheritdoc />
    public override void SendEvent(string instanceId, string eventName, object payload) =>
        throw new NotSupportedException("the pipeline's orchestrators send no event");

    /// <inheritdoc />
    public override void SetCustomStatus(object? customStatus) => _statuses.Add(customStatus);

    /// <inheritdoc />
    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        throw new NotSupportedException("the pipeline's orchestrators never continue as new");

    /// <inheritdoc />
    public override T? GetInput<T>()
        where T : default => throw new NotSupportedException("the orchestrator under test is given its input directly");

    /// <inheritdoc />
    public override Guid NewGuid() => throw new NotSupportedException("the pipeline's orchestrators make no GUID");

    /// <summary>
    /// Answers pending calls (oldest first, or newest first to finish them out of order) with <paramref name="answer"/> (a value, or an exception to fail the call) until
    /// <paramref name="run"/> ends, and returns the most calls that were ever in flight at once.
    /// </summary>
    public int Drive(Task run, Func<ScriptedCall, object?> answer, bool newestFirst = false)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(answer);
        var most = 0;
        while (!run.IsCompleted)
        {
            most = Math.Max(most, Pending.Count);
            if (Pending.Count == 0)
            {
                throw new InvalidOperationException("the orchestrator waits for nothing this context can answer");
            }

            var index = newestFirst ? Pending.Count - 1 : 0;
            var call = Pending[index];
            Pending.RemoveAt(index);
            call.Answer(answer(call));
        }

        return most;
    }

    private Task<object?> Enqueue(string task, object? input, TaskOptions? options, bool child)
    {
        // Continuations run inline when the test answers, on its thread: single-threaded, as the SDK's replay scheduler is.
        var call = new ScriptedCall(task, input, options, child, new TaskCompletionSource<object?>());
        Calls.Add(call);
        Pending.Add(call);
        return call.Result.Task;
    }
}

/// <summary>One activity or child orchestration call: its task name, input and options, answered by the test.</summary>
public sealed record ScriptedCall(string Task, object? Input, TaskOptions? Options, bool Child, TaskCompletionSource<object?> Result)
{
    /// <summary>Completes the call with a value, or fails it when the value is an exception.</summary>
    public void Answer(object? value)
    {
        if (value is Exception failure)
        {
            Result.SetException(failure);
        }
        else
        {
            Result.SetResult(value);
        }
    }
}
