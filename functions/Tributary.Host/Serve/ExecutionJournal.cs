using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Serve;

/// <summary>
/// Appends one line per activity attempt (`run task partition pid`) and flushes it at once, so the record survives the
/// process being killed. It shows which work ran in which process: what a restart ran again, how two processes shared a run.
/// </summary>
public sealed class ExecutionJournal : IDisposable
{
    private readonly Lock _lock = new();
    private readonly StreamWriter _writer;

    public ExecutionJournal(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    /// <summary>Records one attempt.</summary>
    public void Append(ActivityStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        lock (_lock)
        {
            _writer.WriteLine($"{start.RunId}\t{start.Task}\t{start.Partition ?? "-"}\t{Environment.ProcessId}");
        }
    }

    /// <summary>Parses a journal file into its entries.</summary>
    public static IReadOnlyList<JournalEntry> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        // The writer may still be appending (another process): read what is there without locking it out.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var entries = new List<JournalEntry>();
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split('\t');
            if (f.Length == 4 && int.TryParse(f[3], System.Globalization.CultureInfo.InvariantCulture, out var pid))
            {
                entries.Add(new JournalEntry(f[0], f[1], f[2] == "-" ? null : f[2], pid));
            }
        }

        return entries;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
        }
    }
}

/// <summary>One line of the execution journal.</summary>
public sealed record JournalEntry(string RunId, string Task, string? Partition, int ProcessId);
