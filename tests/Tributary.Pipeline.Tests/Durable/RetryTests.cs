using System.Collections.Concurrent;
using System.Diagnostics;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.InMemory;

namespace Tributary.Pipeline.Tests.Durable;

public sealed class RetryTests
{
    [Fact]
    public async Task A_transiently_failing_activity_is_retried_with_growing_delays_and_succeeds()
    {
        var pipeline = new SquaresPipeline
        {
            SquareRetry = new RetryPolicy(4, TimeSpan.FromMilliseconds(40), 2.0),
        };
        var attemptsAt = new ConcurrentQueue<(int Attempt, long Ticks)>();
        pipeline.BeforeSquare = (context, value, _) =>
        {
            if (value == 2)
            {
                attemptsAt.Enqueue((context.Attempt, Stopwatch.GetTimestamp()));
                if (context.Attempt < 3)
                {
                    throw new IOException("transient");
                }
            }

            return Task.CompletedTask;
        };

        var state = await RunAsync(pipeline, new SquaresInput(5, 5));

        Assert.Equal(RuntimeStatus.Completed, state.Status);
        Assert.Equal(SquaresPipeline.ExpectedSum(5), DurableJson.Deserialize<SquaresResult>(state.Output).Total);
        var attempts = attemptsAt.ToArray();
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));

        // Lower bounds only (timers may fire a little early against the stopwatch): 40 ms, then 80 ms.
        Assert.InRange(Stopwatch.GetElapsedTime(attempts[0].Ticks, attempts[1].Ticks).TotalMilliseconds, 35, 10_000);
        Assert.InRange(Stopwatch.GetElapsedTime(attempts[1].Ticks, attempts[2].Ticks).TotalMilliseconds, 75, 10_000);
    }

    [Fact]
    public async Task An_activity_that_keeps_failing_fails_the_instance_after_max_attempts_naming_the_activity()
    {
        var pipeline = new SquaresPipeline { SquareRetry = new RetryPolicy(3, TimeSpan.FromMilliseconds(1)) };
        pipeline.BeforeSquare = (_, value, _) => value == 1 ? throw new IOException("disk on fire") : Task.CompletedTask;

        var state = await RunAsync(pipeline, new SquaresInput(3, 1));

        Assert.Equal(RuntimeStatus.Failed, state.Status);
        Assert.Equal(nameof(IOException), state.Failure!.ErrorType);
        Assert.Equal("square failed: disk on fire", state.Failure.Message);
        Assert.Equal(3, pipeline.Executions[(state.Id, 2)]);

        // With one lane the failure stops the fan-out: the item after the failing one never starts.
        Assert.False(pipeline.Executions.ContainsKey((state.Id, 3)));
    }

    [Fact]
    public async Task Invalid_input_is_not_retried()
    {
        var pipeline = new SquaresPipeline { SquareRetry = new RetryPolicy(5, TimeSpan.FromMilliseconds(1)) };
        pipeline.BeforeSquare = (_, value, _) =>
            value == 0 ? throw new InvalidInputException(new InputError("x.csv", 3, "price", "not a number")) : Task.CompletedTask;

        var state = await RunAsync(pipeline, new SquaresInput(2, 1));

        Assert.Equal(RuntimeStatus.Failed, state.Status);
        Assert.Contains("x.csv:3: field 'price': not a number", state.Failure!.Message);
        Assert.Equal(1, pipeline.Executions[(state.Id, 1)]);
    }

    [Fact]
    public async Task An_attempt_past_its_timeout_is_cancelled_and_retried()
    {
        var pipeline = new SquaresPipeline { SquareRetry = new RetryPolicy(2, TimeSpan.FromMilliseconds(1), Timeout: TimeSpan.FromMilliseconds(100)) };
        var cancelledAttempts = 0;
        pipeline.BeforeSquare = async (context, value, cancel) =>
        {
            if (value == 1 && context.Attempt == 1)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancel);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref cancelledAttempts);
                    throw;
                }
            }
        };

        var state = await RunAsync(pipeline, new SquaresInput(3, 3));

        Assert.Equal(RuntimeStatus.Completed, state.Status);
        Assert.Equal(1, cancelledAttempts);
        Assert.Equal(2, pipeline.Executions[(state.Id, 2)]);
    }

    [Fact]
    public async Task An_activity_that_always_times_out_fails_the_instance_with_a_timeout()
    {
        var pipeline = new SquaresPipeline { SquareRetry = new RetryPolicy(2, TimeSpan.FromMilliseconds(1), Timeout: TimeSpan.FromMilliseconds(50)) };

        // Ignores cancellation on purpose: the engine must give up on it anyway.
        pipeline.BeforeSquare = (_, value, _) => value == 0 ? Task.Delay(2_000) : Task.CompletedTask;

        var state = await RunAsync(pipeline, new SquaresInput(2, 2));

        Assert.Equal(RuntimeStatus.Failed, state.Status);
        Assert.Equal(nameof(ActivityTimeoutException), state.Failure!.ErrorType);
        Assert.Equal(2, pipeline.Executions[(state.Id, 1)]);
    }

    [Fact]
    public async Task No_more_activities_run_at_once_than_the_engine_allows()
    {
        var pipeline = new SquaresPipeline();
        var inFlight = 0;
        var maxSeen = 0;
        pipeline.BeforeSquare = async (_, _, cancel) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxSeen, now);
            await Task.Delay(5, cancel);
            Interlocked.Decrement(ref inFlight);
        };

        var state = await RunAsync(pipeline, new SquaresInput(40, 40), maxConcurrent: 3);

        Assert.Equal(RuntimeStatus.Completed, state.Status);
        Assert.InRange(maxSeen, 2, 3);
    }

    [Fact]
    public void Backoff_grows_by_the_coefficient_up_to_the_cap()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(1), 3.0, TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(1), policy.DelayAfter(1));
        Assert.Equal(TimeSpan.FromSeconds(3), policy.DelayAfter(2));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.DelayAfter(3));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.DelayAfter(4));
        Assert.Null(policy.DelayAfter(5));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static async Task<InstanceState> RunAsync(SquaresPipeline pipeline, SquaresInput input, int maxConcurrent = 8)
    {
        await using var engine = new DurableEngine(new InMemoryInstanceStore(), pipeline.Registry, new DurableEngineOptions { MaxConcurrentActivities = maxConcurrent });
        var started = await engine.StartAsync(SquaresPipeline.Orchestrator, input);
        var state = await engine.WaitForCompletionAsync(started.State.Id, TimeSpan.FromSeconds(20));
        Assert.True(state!.IsTerminal, $"instance still {state.Status}");
        return state;
    }
}
