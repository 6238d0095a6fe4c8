namespace Tributary.Pipeline.Tests.Support;

/// <summary>Waits for a condition that another thread makes true, failing the test after a generous limit.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(10);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, int timeoutMs = 10_000) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeoutMs);
}
