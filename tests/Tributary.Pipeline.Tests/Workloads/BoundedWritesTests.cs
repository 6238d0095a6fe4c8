using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Tests.Workloads;

public sealed class BoundedWritesTests
{
    [Fact]
    public async Task Never_more_than_the_bound_in_flight_and_every_write_runs()
    {
        var inFlight = 0;
        var most = 0;
        var done = 0;
        var gates = Enumerable.Range(0, 20).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        await using var writes = new BoundedWrites(3);

        var adding = Task.Run(async () =>
        {
            foreach (var gate in gates)
            {
                await writes.AddAsync(async () =>
                {
                    var now = Interlocked.Increment(ref inFlight);
                    InterlockedMax(ref most, now);
                    await gate.Task;
                    Interlocked.Decrement(ref inFlight);
                    Interlocked.Increment(ref done);
                });
            }

            await writes.DrainAsync();
        });
        for (var i = 0; i < gates.Length; i++)
        {
            // Released in order once the bound is reached: a write past the bound would show as a fourth in flight.
            while (Volatile.Read(ref inFlight) < Math.Min(3, gates.Length - i))
            {
                await Task.Delay(1);
            }

            gates[i].SetResult();
            while (Volatile.Read(ref done) <= i)
            {
                await Task.Delay(1);
            }
        }

        await adding;
        Assert.Equal(20, done);
        Assert.Equal(3, most);
    }

    [Fact]
    public async Task A_failed_write_fails_the_drain()
    {
        await using var writes = new BoundedWrites(4);
        await writes.AddAsync(() => Task.CompletedTask);
        await writes.AddAsync(() => Task.FromException(new IOException("disk full")));

        var error = await Assert.ThrowsAsync<IOException>(writes.DrainAsync);

        Assert.Equal("disk full", error.Message);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
