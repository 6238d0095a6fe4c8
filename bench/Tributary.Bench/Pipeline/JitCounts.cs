using System.Runtime;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// Methods the JIT compiled in this process and the time it spent, read before and after a run: a count that grows with a
/// run's batches (not with its new code) means code generated per call (serializers, compiled expressions, regexes).
/// </summary>
internal readonly record struct JitCounts(long Methods, TimeSpan Time, long PerfMapBytes)
{
    public static JitCounts Now() => new(JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime(), PerfMapLength());

    public static JitCounts operator -(JitCounts after, JitCounts before) =>
        new(after.Methods - before.Methods, after.Time - before.Time, after.PerfMapBytes - before.PerfMapBytes);

    /// <summary>Methods compiled and their JIT time, as the bench's column shows them.</summary>
    public override string ToString() => $"{Methods:N0} ({Time.TotalSeconds:0.00} s)";

    // With DOTNET_PerfMapEnabled=1 the runtime appends every compiled method to /tmp/perf-<pid>.map: the bench prints the
    // offsets around each timed run so the methods compiled during it can be cut out of the file and named.
    private static long PerfMapLength()
    {
        var map = new FileInfo($"/tmp/perf-{Environment.ProcessId}.map");
        return map.Exists ? map.Length : 0;
    }
}
