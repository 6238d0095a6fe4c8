using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Tributary.Abstractions.Input;

namespace Tributary.Pipeline.Durable;

/// <summary>
/// The embedded durable engine: runs orchestrations in this process, executes their activities on a bounded worker pool
/// with retry, backoff and timeouts, and records every completed call in the <see cref="IInstanceStore"/>. After a crash a
/// new engine over the same store resumes unfinished instances by replay: recorded calls return their results, only
/// unfinished work runs again.
/// </summary>
public sealed partial class DurableEngine : IAsyncDisposable
{
    private const string ChildMarker = ":sub-";
    private readonly IInstanceStore _store;
    private readonly DurableRegistry _registry;
    private readonly DurableEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<string, RunningInstance> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _tasks = new();
    private readonly CancellationTokenSource _stopping = new();

    public DurableEngine(IInstanceStore store, DurableRegistry registry, DurableEngineOptions? options = null, TimeProvider? time = null)
    {
        _store = store;
        _registry = registry;
        _options = options ?? new DurableEngineOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
        _slots = new SemaphoreSlim(_options.MaxConcurrentActivities, _options.MaxConcurrentActivities);
    }

    /// <summary>The store this engine persists to.</summary>
    public IInstanceStore Store => _store;

    /// <summary>Number of instances executing in this engine now (children included).</summary>
    public int RunningCount => _running.Count;

    /// <summary>True when a caller-supplied instance id is acceptable: letters, digits, '.', '_' and '-', at most 128 characters.</summary>
    public static bool IsValidInstanceId(string id) => InstanceIdPattern().IsMatch(id);

    /// <summary>True for the instances the engine creates for sub-orchestrations (resumed through their parent).</summary>
    public static bool IsChildInstance(string id) => id.Contains(ChildMarker, StringComparison.Ordinal);

    /// <summary>
    /// Starts an instance of the named orchestrator. When an instance with that id exists, nothing new starts and the existing
    /// one is returned (resumed here if it is unfinished and not running), so duplicate events never give duplicate runs.
    /// </summary>
    public async Task<StartResult> StartAsync(string orchestrator, object? input, string? instanceId = null, CancellationToken cancellationToken = default)
    {
        if (!_registry.HasOrchestrator(orchestrator))
        {
            throw new ArgumentException($"no orchestrator named '{orchestrator}' is registered", nameof(orchestrator));
        }

        var id = instanceId ?? Guid.NewGuid().ToString("N");
        if (!IsValidInstanceId(id))
        {
            throw new ArgumentException($"instance id '{id}' must be 1-128 letters, digits, '.', '_' or '-'", nameof(instanceId));
        }

        var now = _time.GetUtcNow();
        var (state, created) = await _store.CreateIfAbsentAsync(
            new InstanceState(id, orchestrator, RuntimeStatus.Pending, DurableJson.Serialize(input), null, null, null, now, now),
            cancellationToken).ConfigureAwait(false);
        if (!state.IsTerminal)
        {
            Launch(state);
        }

        return new StartResult(state, created);
    }

    /// <summary>Resumes every Pending or Running top-level instance of the store that is not running here; returns how many.</summary>
    public async Task<int> ResumeAsync(CancellationToken cancellationToken = default)
    {
        var resumed = 0;
        await foreach (var state in ListAllAsync(new InstanceQuery([RuntimeStatus.Pending, RuntimeStatus.Running]), cancellationToken).ConfigureAwait(false))
        {
            if (!IsChildInstance(state.Id) && _registry.HasOrchestrator(state.Kind) && Launch(state))
            {
                resumed++;
            }
        }

        return resumed;
    }

    /// <summary>The stored state of an instance, or null.</summary>
    public Task<InstanceState?> GetStatusAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _store.GetAsync(instanceId, cancellationToken);

    /// <summary>One page of instances.</summary>
    public Task<InstancePage> ListAsync(InstanceQuery query, CancellationToken cancellationToken = default) =>
        _store.ListAsync(query, cancellationToken);

    /// <summary>
    /// Terminates an unfinished instance: it becomes Terminated at once, its running calls are cancelled and no further
    /// activity is scheduled. Returns the resulting state (unchanged when already terminal), or null when it does not exist.
    /// </summary>
    public async Task<InstanceState?> TerminateAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        InstanceState? Terminate(InstanceState s) => s.IsTerminal
            ? null
            : s with { Status = RuntimeStatus.Terminated, Output = DurableJson.Serialize(reason ?? "terminated"), LastUpdatedAt = now };

        if (_running.TryGetValue(instanceId, out var run))
        {
            var state = await run.Writer.UpdateAsync(Terminate, cancellationToken).ConfigureAwait(false);
            run.RequestTerminate();
            return state;
        }

        var stored = await _store.GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        return await new InstanceStateWriter(_store, stored).UpdateAsync(Terminate, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a terminal instance, its history and its child instances (those a terminate cut short included).</summary>
    public async Task<PurgeOutcome> PurgeAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var state = await _store.GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return PurgeOutcome.NotFound;
        }

        if (!state.IsTerminal)
        {
            return PurgeOutcome.NotTerminal;
        }

        await PurgeTreeAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return PurgeOutcome.Purged;
    }

    /// <summary>Purges every terminal top-level instance created before the cutoff; returns how many.</summary>
    public async Task<int> PurgeCreatedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        // Collected before purging, so deletions cannot shift the pages still to be read.
        var doomed = new List<string>();
        var finished = new InstanceQuery([RuntimeStatus.Completed, RuntimeStatus.Failed, RuntimeStatus.Terminated], CreatedTo: cutoff);
        await foreach (var state in ListAllAsync(finished, cancellationToken).ConfigureAwait(false))
        {
            if (!IsChildInstance(state.Id))
            {
                doomed.Add(state.Id);
            }
        }

        foreach (var id in doomed)
        {
            await PurgeTreeAsync(id, cancellationToken).ConfigureAwait(false);
        }

        return doomed.Count;
    }

    /// <summary>Polls until the instance is terminal or the timeout passes; returns the last state seen.</summary>
    public async Task<InstanceState?> WaitForCompletionAsync(string instanceId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = _time.GetUtcNow() + timeout;
        while (true)
        {
            var state = await _store.GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (state is null || state.IsTerminal || _time.GetUtcNow() >= deadline)
            {
                return state;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops the engine as a crash would, from the store's point of view: running instances are cancelled and left
    /// Pending/Running, to be resumed by the next engine over the same store.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_tasks.Keys).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Instance tasks record their own outcome; a stop must not throw.
        }

        _stopping.Dispose();
    }

    internal async Task<ActivityRecord> ExecuteActivityAsync(RunningInstance run, int sequence, string name, string? input, RetryPolicy? retry)
    {
        var handler = _registry.GetActivity(name);
        var policy = retry ?? _options.DefaultRetry;
        for (var attempt = 1; ; attempt++)
        {
            var context = new ActivityContext(run.Id, sequence, name, attempt);
            Exception? error = null;
            string? result = null;
            await _slots.WaitAsync(run.Token).ConfigureAwait(false);
            try
            {
                // A slot freed by a cancelled sibling can be granted before this waiter sees the same cancellation.
                run.Token.ThrowIfCancellationRequested();
                _options.ActivityStarting?.Invoke(context);
                result = await RunAttemptAsync(handler, input, context, policy.Timeout, run.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (run.Token.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                error = e;
            }
            finally
            {
                _slots.Release();
            }

            if (error is null)
            {
                return await RecordAsync(run, new ActivityRecord(run.Id, sequence, name, result, null, _time.GetUtcNow())).ConfigureAwait(false);
            }

            // Bad input stays bad: retrying it only delays the report.
            var delay = error is InvalidInputException ? null : policy.DelayAfter(attempt);
            if (delay is null)
            {
                return await RecordAsync(run, new ActivityRecord(run.Id, sequence, name, null, Describe(error), _time.GetUtcNow())).ConfigureAwait(false);
            }

            await Task.Delay(delay.Value, _time, run.Token).ConfigureAwait(false);
        }
    }

    internal async Task<ActivityRecord> RunChildAsync(RunningInstance parent, int sequence, string name, string recordName, string? input)
    {
        var childId = $"{parent.Id}{ChildMarker}{sequence:D6}";
        var now = _time.GetUtcNow();
        var (state, _) = await _store.CreateIfAbsentAsync(
            new InstanceState(childId, name, RuntimeStatus.Pending, input, null, null, null, now, now), parent.Token).ConfigureAwait(false);
        if (!state.IsTerminal)
        {
            var child = new RunningInstance(_store, state, parent, _stopping.Token);
            if (!_running.TryAdd(childId, child))
            {
                child.Dispose();
                throw new InvalidOperationException($"child instance {childId} is already running");
            }

            state = await RunAsync(child, isChild: true).ConfigureAwait(false);
        }

        parent.Token.ThrowIfCancellationRequested();
        var failure = state.Status switch
        {
            RuntimeStatus.Completed => null,
            RuntimeStatus.Failed => state.Failure ?? new FailureDetails("Failed", "child orchestration failed"),
            _ => new FailureDetails(state.Status.ToString(), $"child orchestration {childId} ended {state.Status}"),
        };
        return await RecordAsync(parent, new ActivityRecord(parent.Id, sequence, recordName, failure is null ? state.Output : null, failure, _time.GetUtcNow()))
            .ConfigureAwait(false);
    }

    private static async Task<string?> RunAttemptAsync(
        DurableRegistry.ActivityHandler handler, string? input, ActivityContext context, TimeSpan? timeout, CancellationToken instanceToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(instanceToken);

        // Activities run on the pool, never on the orchestrator's scheduler, so CPU-bound work cannot stall orchestration.
        var work = Task.Run(() => handler(input, context, attempt.Token), CancellationToken.None);
        if (timeout is not { } limit)
        {
            return await work.ConfigureAwait(false);
        }

        try
        {
            return await work.WaitAsync(limit, instanceToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!work.IsCompleted)
        {
            await attempt.CancelAsync().ConfigureAwait(false);
            throw new ActivityTimeoutException(context.Name, limit);
        }
    }

    private static FailureDetails Describe(Exception error) =>
        error is ActivityFailedException failed
            ? new FailureDetails(failed.Failure.ErrorType, failed.Message)
            : new FailureDetails(error.GetType().Name, error.Message, error is InvalidInputException ? null : error.StackTrace);

    private static async Task<ActivityRecord> RecordAsync(RunningInstance run, ActivityRecord record)
    {
        await run.History.CommitAsync(record).ConfigureAwait(false);
        return record;
    }

    private bool Launch(InstanceState state)
    {
        var run = new RunningInstance(_store, state, null, _stopping.Token);
        if (_stopping.IsCancellationRequested || !_running.TryAdd(state.Id, run))
        {
            run.Dispose();
            return false;
        }

        var task = Task.Run(() => RunAsync(run, isChild: false));
        _tasks.TryAdd(task, 0);
        task.ContinueWith(t => _tasks.TryRemove(t, out _), TaskScheduler.Default);
        return true;
    }

    private async Task<InstanceState> RunAsync(RunningInstance run, bool isChild)
    {
        using var flushing = new CancellationTokenSource();
        Task? flusher = null;
        try
        {
            var history = await _store.GetHistoryAsync(run.Id, run.Token).ConfigureAwait(false);
            var state = await run.Writer.UpdateAsync(
                s => s.IsTerminal || s.Status == RuntimeStatus.Running
                    ? null
                    : s with { Status = RuntimeStatus.Running, LastUpdatedAt = _time.GetUtcNow() },
                run.Token).ConfigureAwait(false);
            if (state.IsTerminal)
            {
                return state;
            }

            flusher = run.FlushCustomStatusAsync(_time, _options.CustomStatusFlushInterval, flushing.Token);
            var context = new EngineOrchestrationContext(this, run, state, history);
            var orchestrator = _registry.GetOrchestrator(state.Kind);
            var output = await OrchestrationScheduler.RunAsync(async () =>
            {
                var result = await orchestrator(context);
                context.EnsureHistoryConsumed();
                return result;
            }).ConfigureAwait(false);
            return await FinishAsync(run, isChild, RuntimeStatus.Completed, output, null, flushing, flusher).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run.TerminateRequested)
        {
            return await FinishAsync(run, isChild, RuntimeStatus.Terminated, null, null, flushing, flusher).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Engine stopping: the instance stays unfinished in the store and the next engine resumes it.
            await StopFlusherAsync(flushing, flusher).ConfigureAwait(false);
            return run.Writer.Current;
        }
        catch (Exception e)
        {
            return await FinishAsync(run, isChild, RuntimeStatus.Failed, null, Describe(e), flushing, flusher).ConfigureAwait(false);
        }
        finally
        {
            await run.History.DrainAsync().ConfigureAwait(false);
            _running.TryRemove(run.Id, out _);
            run.Dispose();
        }
    }

    private async Task<InstanceState> FinishAsync(
        RunningInstance run, bool isChild, RuntimeStatus status, string? output, FailureDetails? failure, CancellationTokenSource flushing, Task? flusher)
    {
        await StopFlusherAsync(flushing, flusher).ConfigureAwait(false);
        var latest = run.CustomStatus;
        var state = await run.Writer.UpdateAsync(
            s => s.IsTerminal
                ? null
                : s with
                {
                    Status = status,
                    Output = status == RuntimeStatus.Terminated ? s.Output ?? DurableJson.Serialize("terminated") : output,
                    Failure = failure,
                    CustomStatus = latest,
                    LastUpdatedAt = _time.GetUtcNow(),
                },
            CancellationToken.None).ConfigureAwait(false);
        if (!isChild && _options.InstanceFinished is { } finished)
        {
            try
            {
                await finished(state, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // A notification failure must not change the instance's recorded outcome.
            }
        }

        return state;
    }

    private static async Task StopFlusherAsync(CancellationTokenSource flushing, Task? flusher)
    {
        await flushing.CancelAsync().ConfigureAwait(false);
        if (flusher is not null)
        {
            await flusher.ConfigureAwait(false);
        }
    }

    private async Task PurgeTreeAsync(string instanceId, CancellationToken cancellationToken)
    {
        // Children are found by id rather than through the parent's history: a child cut short by a terminate never got
        // its record there. Children go first, so a purge that stops halfway can be repeated from the parent.
        var descendants = new List<string>();
        await foreach (var child in ListAllAsync(new InstanceQuery(IdPrefix: instanceId + ChildMarker), cancellationToken).ConfigureAwait(false))
        {
            descendants.Add(child.Id);
        }

        foreach (var id in descendants)
        {
            await _store.PurgeAsync(id, cancellationToken).ConfigureAwait(false);
        }

        await _store.PurgeAsync(instanceId, cancellationToken).ConfigureAwait(false);
    }

    private async IAsyncEnumerable<InstanceState> ListAllAsync(InstanceQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var page = query with { PageSize = 1000 };
        do
        {
            var result = await _store.ListAsync(page, cancellationToken).ConfigureAwait(false);
            foreach (var state in result.Instances)
            {
                yield return state;
            }

            page = page with { ContinuationToken = result.ContinuationToken };
        }
        while (page.ContinuationToken is not null);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex InstanceIdPattern();
}

/// <summary>Result of a start: the stored instance and whether this call created it.</summary>
public sealed record StartResult(InstanceState State, bool Created);

/// <summary>Result of a purge.</summary>
public enum PurgeOutcome
{
    Purged,
    NotFound,
    NotTerminal,
}
