using Tributary.Pipeline.Durable;

namespace Tributary.Host.Serve;

/// <summary>
/// Appends one line per activity attempt (`instance sequence name attempt pid`) and flushes it at once, so the record
/// survives the process being killed. It shows which calls ran in which process: proof that replay skips finished work.
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
    public void Append(ActivityContext context)
    {
        lock (_lock)
        {
            _writer.WriteLine($"{context.InstanceId}\t{context.Sequence}\t{context.Name}\t{context.Attempt}\t{Environment.ProcessId}");
        }
    }

    /// <summary>Parses a journal file into its entries.</summary>
    public static IReadOnlyList<JournalEntry> Read(string path) =>
        File.Exists(path)
            ? File.ReadAllLines(path)
                .Select(l => l.Split('\t'))
                .Where(f => f.Length == 5)
                .Select(f => new JournalEntry(f[0], int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), f[2], int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture)))
                .ToList()
            : [];

    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
        }
    }
}

/// <summary>One line of the execution journal.</summary>
public sealed record JournalEntry(string InstanceId, int Sequence, string Name, int Attempt, int ProcessId);
