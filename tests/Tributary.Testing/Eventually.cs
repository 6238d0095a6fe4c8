namespace Tributary.Testing;

/// <summary>Waits for a condition that another thread makes true, failing the test after a generous limit.</summary>
public static class Eventually
{
    /// <summary>Returns once <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> after the limit.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutMs = 10_000)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition().ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeoutMs} ms waiting for {what}");
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    /// <summary>Returns once <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> after the limit.</summary>
    public static Task TrueAsync(Func<bool> condition, string what, int timeoutMs = 10_000) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeoutMs);
}
