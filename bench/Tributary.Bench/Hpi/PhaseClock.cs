using System.Diagnostics;

namespace Tributary.Bench.Hpi;

/// <summary>Times one benchmark phase by wall clock and by this process's CPU time (all threads).</summary>
internal static class PhaseClock
{
    /// <summary>Runs <paramref name="work"/> and returns its result with the wall and CPU time it took.</summary>
    public static (T Result, TimeSpan Wall, TimeSpan Cpu) Measure<T>(Func<T> work)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = work();
        var wall = clock.Elapsed;
        process.Refresh();
        return (result, wall, process.TotalProcessorTime - cpu);
    }
}
