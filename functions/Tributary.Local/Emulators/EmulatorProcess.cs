using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tributary.Local.Emulators;

/// <summary>
/// One emulator child process: its output is kept (the last lines, for error messages), a ready line can be awaited,
/// and disposal kills the whole process tree. Stdin stays open as the "parent alive" signal (exit-with-parent.js).
/// </summary>
internal sealed class EmulatorProcess : IDisposable
{
    private const int KeptLines = 40;

    /// <summary>V8 options every emulator's Node.js starts with.</summary>
    /// <remarks>
    /// Azurite's live heap is small (about 30 MB) and V8 set its old generation's limit at under twice that, closer than
    /// its new space could promote. So V8 began the next incremental marking as soon as one ended:
    /// `--trace-gc` showed a full mark-compact every 100–150 ms while Azurite took block bodies, 24 in one 10M-row gen
    /// run (about a fifth of Azurite's CPU there, with the concurrent marking). A limit at four times the live heap left
    /// 2 or 3 in two such runs and their warm-ups. The Cosmos server's heap is as small, so it gets the same. The cost is
    /// a heap that may grow to about four times its live size.
    /// </remarks>
    public static readonly IReadOnlyList<string> V8Options = ["--heap-growing-percent=300"];
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lastLines = new();
    private readonly TaskCompletionSource<string> _readyLine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<string, bool> _isReadyLine;

    private EmulatorProcess(string name, Process process, Func<string, bool> isReadyLine)
    {
        Name = name;
        _process = process;
        _isReadyLine = isReadyLine;
    }

    /// <summary>Display name used in error messages.</summary>
    public string Name { get; }

    /// <summary>Process id of the emulator.</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>node [V8 options] --require exit-with-parent.js [--require preload…] script args…</c> in <paramref name="workingDirectory"/>, with <paramref name="environment"/> added.</summary>
    public static EmulatorProcess StartNode(
        string name, EmulatorPackages packages, string script, IEnumerable<string> arguments, string workingDirectory,
        Func<string, bool>? isReadyLine = null, IEnumerable<string>? preloads = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[variable] = value;
        }

        foreach (var option in V8Options)
        {
            startInfo.ArgumentList.Add(option);
        }

        startInfo.ArgumentList.Add("--require");
        startInfo.ArgumentList.Add(packages.ExitWithParentScript);
        foreach (var preload in preloads ?? [])
        {
            startInfo.ArgumentList.Add("--require");
            startInfo.ArgumentList.Add(preload);
        }

        startInfo.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = EmulatorPackages.StartOrExplain(startInfo, "Node.js 20 or newer");
        var emulator = new EmulatorProcess(name, process, isReadyLine ?? (_ => false));
        process.OutputDataReceived += (_, e) => emulator.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => emulator.OnLine(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => emulator._readyLine.TrySetException(emulator.Failure("exited before it was ready"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return emulator;
    }

    /// <summary>Waits for the first output line that the ready predicate accepts.</summary>
    public async Task<string> WaitForReadyLineAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await _readyLine.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw Failure($"printed no ready line within {timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Polls until the process accepts TCP connections on every port.</summary>
    public async Task WaitForPortsAsync(IReadOnlyList<int> ports, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var port in ports)
        {
            while (!await LoopbackPorts.AcceptsAsync(port, cancellationToken))
            {
                if (HasExited)
                {
                    throw Failure("exited before it was ready");
                }

                if (deadline.Elapsed > timeout)
                {
                    throw Failure($"did not accept connections on port {port} within {timeout.TotalSeconds:0} s");
                }

                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>An exception that carries the emulator's last output lines, which usually name the cause.</summary>
    public InvalidOperationException Failure(string what) =>
        new($"{Name} (pid {_process.Id}) {what}. Last output:{Environment.NewLine}{string.Join(Environment.NewLine, _lastLines)}");

    /// <summary>Kills the process tree and waits briefly for it to go.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone between the check and the kill.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lastLines.Enqueue(line);
        while (_lastLines.Count > KeptLines && _lastLines.TryDequeue(out _))
        {
        }

        if (_isReadyLine(line))
        {
            _readyLine.TrySetResult(line);
        }
    }
}
