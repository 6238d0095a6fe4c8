using System.Collections.Concurrent;
using System.Diagnostics;
using Tributary.Pipeline.Telemetry;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// Where one run's time went, from the spans the run already emits: the pipeline's step spans (plan, partition, finalize,
/// remove staging) and HttpClient's request spans (System.Net.Http), sorted by the emulator port they went to. Wall times of
/// a kind of work are unions of intervals (concurrent partitions count once); "waits" is run time covered by no step, i.e.
/// the orchestration's own turns between one activity's end and the next one's start.
/// </summary>
internal sealed class RunPhases : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Span> _spans = new();
    private readonly IReadOnlyDictionary<int, string> _ports;

    /// <param name="ports">Emulator port → what it serves (blob, queue, table, cosmos).</param>
    public RunPhases(IReadOnlyDictionary<int, string> ports)
    {
        _ports = ports;
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is PipelineTelemetry.Name or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Forgets what was recorded so far (call before a run starts).</summary>
    public void Clear() => _spans.Clear();

    /// <summary>The breakdown of what was recorded between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public Breakdown Summarise(DateTime from, DateTime to)
    {
        var spans = _spans.Where(s => s.End >= from && s.Start <= to).ToList();
        var steps = spans.Where(s => s.Step is not null && s.Io is null).ToList();
        var parts = spans.Where(s => s.Part is not null).GroupBy(s => s.Part!).ToDictionary(
            g => g.Key, g => (Union: Intervals.UnionSeconds(g.Select(s => (s.Start, s.End))), Sum: g.Sum(s => (s.End - s.Start).TotalSeconds), Count: g.Count()));
        IEnumerable<Span> Step(string name) => steps.Where(s => s.Step == name);
        double Union(IEnumerable<Span> of) => Intervals.UnionSeconds(of.Select(s => (Max(s.Start, from), Min(s.End, to))));
        var io = spans.Where(s => s.Io is not null).ToList();
        var partitions = Step("partition").ToList();
        return new Breakdown(
            Run: (to - from).TotalSeconds,
            Plan: Union(Step("plan")),
            Partitions: Union(partitions),
            PartitionSum: partitions.Sum(p => (p.End - p.Start).TotalSeconds),
            PartitionCount: partitions.Count,
            Finalize: Union(Step("finalize")),
            Waits: (to - from).TotalSeconds - Union(steps),
            BlobInSteps: Union(io.Where(s => s.Io == "blob" && s.Step is not null)),
            CosmosInSteps: Union(io.Where(s => s.Io == "cosmos" && s.Step is not null)),
            BlobInPartitions: Union(io.Where(s => s.Io == "blob" && s.Step == "partition")),
            CosmosInPartitions: Union(io.Where(s => s.Io == "cosmos" && s.Step == "partition")),
            RunState: Union(io.Where(s => s.Step is null && s.Io != "cosmos")),
            StagingRemoval: Union(io.Where(s => s.Step is null && s.Io!.StartsWith("blob:", StringComparison.Ordinal) && s.Io.EndsWith("-staging", StringComparison.Ordinal))),
            Requests: io.GroupBy(s => (s.Step is null ? "runtime" : "steps") + " " + s.Io).ToDictionary(g => g.Key, g => g.Count()))
        {
            Parts = parts,
        };
    }

    public void Dispose() => _listener.Dispose();

    private void Stopped(Activity activity)
    {
        var start = activity.StartTimeUtc;
        var end = start + activity.Duration;
        if (activity.Source.Name == PipelineTelemetry.Name)
        {
            // Parts of a step are named "<step> <workload>: <part>" (PipelineTelemetry.StartPhase), kept apart from the steps.
            if (activity.OperationName.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0)
            {
                _spans.Enqueue(new Span(null, null, start, end) { Part = activity.OperationName[(colon + 2)..] });
                return;
            }

            // Step spans are named "<step> <workload>" (RunStep.Begin → PipelineTelemetry.StartStep).
            var step = activity.OperationName.Split(' ')[0];
            if (step is "plan" or "partition" or "finalize")
            {
                _spans.Enqueue(new Span(step, null, start, end));
            }

            return;
        }

        var port = activity.GetTagItem("server.port") is int p ? p : -1;
        if (!_ports.TryGetValue(port, out var io))
        {
            return;
        }

        var enclosing = EnclosingStep(activity);
        if (enclosing is null && io == "blob" && activity.GetTagItem("url.full") is string url && Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            // The task hub's own blobs, by container (leases, large messages): what run state costs besides queues and tables.
            var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            io = segments.Length > 1 ? $"blob:{segments[1]}" : io;
        }

        _spans.Enqueue(new Span(enclosing, io, start, end));
    }

    private static string? EnclosingStep(Activity activity)
    {
        for (var parent = activity.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent.Source.Name == PipelineTelemetry.Name)
            {
                return parent.OperationName.Split(' ')[0];
            }
        }

        return null;
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private sealed record Span(string? Step, string? Io, DateTime Start, DateTime End)
    {
        public string? Part { get; init; }
    }
}

/// <summary>One run's phases in seconds (see <see cref="RunPhases"/>).</summary>
internal sealed record Breakdown(
    double Run, double Plan, double Partitions, double PartitionSum, int PartitionCount, double Finalize, double Waits,
    double BlobInSteps, double CosmosInSteps, double BlobInPartitions, double CosmosInPartitions, double RunState, double StagingRemoval,
    IReadOnlyDictionary<string, int> Requests)
{
    /// <summary>Parts of steps by name: wall seconds (union), summed seconds, spans.</summary>
    public IReadOnlyDictionary<string, (double Union, double Sum, int Count)> Parts { get; init; } = new Dictionary<string, (double, double, int)>();
}

/// <summary>Total seconds covered by a set of possibly overlapping intervals.</summary>
internal static class Intervals
{
    public static double UnionSeconds(IEnumerable<(DateTime Start, DateTime End)> intervals)
    {
        var total = TimeSpan.Zero;
        DateTime? openStart = null, openEnd = null;
        foreach (var (start, end) in intervals.Where(i => i.End > i.Start).OrderBy(i => i.Start))
        {
            if (openEnd is { } e && start <= e)
            {
                openEnd = end > e ? end : e;
                continue;
            }

            if (openStart is { } s0 && openEnd is { } e0)
            {
                total += e0 - s0;
            }

            (openStart, openEnd) = (start, end);
        }

        if (openStart is { } s1 && openEnd is { } e1)
        {
            total += e1 - s1;
        }

        return total.TotalSeconds;
    }
}

/// <summary>CPU seconds (user + system) a process has used, read from /proc; 0 where /proc is missing.</summary>
internal static class ProcessCpu
{
    public static double Seconds(int pid)
    {
        var (user, system) = UserAndSystem(pid);
        return user + system;
    }

    /// <summary>User and system CPU seconds of a process; zeros where /proc is missing.</summary>
    public static (double User, double System) UserAndSystem(int pid) =>
        StatTicks($"/proc/{pid}/stat", Utime, Stime) is [var user, var system] ? (user / 100.0, system / 100.0) : (0, 0);

    /// <summary>Whether the process is Azurite (the other emulator is the Cosmos server).</summary>
    public static bool IsAzurite(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("azurite", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static double Self() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>CPU seconds (user + system) of this process's children that have ended and been reaped (cutime + cstime).</summary>
    public static double Children() => StatTicks("/proc/self/stat", Cutime, Cstime).Sum() / 100.0;

    // Fields of /proc/<pid>/stat counted after the parenthesised command name (field 3, the state, is index 0): utime is
    // field 14, stime 15, cutime 16 and cstime 17, all in clock ticks of 1/100 s.
    private const int Utime = 11, Stime = 12, Cutime = 13, Cstime = 14;

    /// <summary>The given fields of a /proc stat file as numbers; empty where the file is missing.</summary>
    private static long[] StatTicks(string path, params int[] fields)
    {
        try
        {
            var stat = File.ReadAllText(path);
            var values = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Select(f => long.Parse(values[f], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>
    /// The machine's CPU time so far in clock ticks, all of it and the part the hypervisor gave to other guests (steal), from
    /// /proc/stat; zeros where it is missing. On a shared VM, steal is what makes the same work take more CPU seconds.
    /// </summary>
    public static (long Steal, long Total) MachineTicks()
    {
        try
        {
            // "cpu  user nice system idle iowait irq softirq steal guest guest_nice"
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var ticks = fields.Skip(1).Take(8).Select(f => long.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            return (ticks[7], ticks.Sum());
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }

    /// <summary>Percent of the machine's CPU time between two <see cref="MachineTicks"/> readings that went to other guests.</summary>
    public static double StealPercent((long Steal, long Total) before, (long Steal, long Total) after) =>
        after.Total > before.Total ? 100.0 * (after.Steal - before.Steal) / (after.Total - before.Total) : 0;

    /// <summary>
    /// Bytes written to the machine's disks so far (/sys/block/*/stat, sectors of 512 bytes; loop, RAM and zram devices left
    /// out); 0 where it is missing. A run that acknowledges only what is on disk is bounded by this over the disk's bandwidth.
    /// </summary>
    public static long DiskBytesWritten()
    {
        try
        {
            long sectors = 0;
            foreach (var device in Directory.EnumerateDirectories("/sys/block"))
            {
                var name = Path.GetFileName(device);
                if (name.StartsWith("loop", StringComparison.Ordinal) || name.StartsWith("ram", StringComparison.Ordinal) || name.StartsWith("zram", StringComparison.Ordinal))
                {
                    continue;
                }

                // Field 7 of the block device's stat: sectors written.
                var fields = File.ReadAllText(Path.Combine(device, "stat")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                sectors += long.Parse(fields[6], System.Globalization.CultureInfo.InvariantCulture);
            }

            return sectors * 512;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>The 1-minute load average, or NaN where /proc/loadavg is missing.</summary>
    public static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
