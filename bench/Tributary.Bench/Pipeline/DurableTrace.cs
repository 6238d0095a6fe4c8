using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;

namespace Tributary.Bench.Pipeline;

/// <summary>
/// Writes the Durable Task Framework's own events (DurableTask-Core, DurableTask-AzureStorage) with a timestamp, one a line,
/// to the file named by TRIBUTARY_BENCH_DURABLE_TRACE: how a run's orchestration turns (message received, history fetched and
/// appended, messages sent) line up against its steps. Off unless the variable is set.
/// </summary>
public sealed class DurableTrace : EventListener
{
    private readonly StreamWriter? _out;
    private readonly object _gate = new();

    private DurableTrace(string path)
    {
        _out = new StreamWriter(path, append: false) { AutoFlush = false };
        foreach (var source in EventSource.GetSources())
        {
            Enable(source);
        }
    }

    /// <summary>A trace to the file the environment names, or null.</summary>
    public static DurableTrace? FromEnvironment() =>
        Environment.GetEnvironmentVariable("TRIBUTARY_BENCH_DURABLE_TRACE") is { Length: > 0 } path ? new DurableTrace(path) : null;

    /// <summary>Marks a point of the bench in the trace (e.g. a run's start).</summary>
    public void Mark(string text) => Write($"{DateTime.UtcNow:HH:mm:ss.fff} MARK {text}");

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        base.OnEventSourceCreated(eventSource);
        Enable(eventSource);
    }

    private void Enable(EventSource source)
    {
        if (_out is not null && source.Name.StartsWith("DurableTask", StringComparison.Ordinal))
        {
            EnableEvents(source, EventLevel.Verbose, EventKeywords.All);
        }
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        var line = new StringBuilder();
        line.Append(e.TimeStamp.ToUniversalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append(' ').Append(e.EventName);
        if (e.Payload is { } payload && e.PayloadNames is { } names)
        {
            for (var i = 0; i < payload.Count; i++)
            {
                var name = names[i];
                if (name is "Account" or "TaskHub" or "AppName" or "ExtensionVersion" or "Details" or "Input" or "Output")
                {
                    continue;
                }

                var value = Convert.ToString(payload[i], CultureInfo.InvariantCulture) ?? "";
                line.Append(' ').Append(name).Append('=').Append(value.Length > 120 ? value[..120] : value);
            }
        }

        Write(line.ToString());
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            _out?.WriteLine(line);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        lock (_gate)
        {
            _out?.Dispose();
        }
    }
}
