using System.Globalization;
using System.Text;

namespace Tributary.Local.LocalData;

/// <summary>
/// An OS-level exclusive lock on <c>&lt;data&gt;/lock</c>, held for as long as this object lives. The operating system
/// drops it when the process dies however it dies (kill -9 included), so a stale lock file never blocks a restart; the
/// pid written inside only makes the message of the second process useful.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file, string path)
    {
        _file = file;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Takes the lock or throws <see cref="DataDirectoryLockedException"/> naming the holder's pid.</summary>
    public static DataDirectoryLock Acquire(string path)
    {
        FileStream file;
        try
        {
            // FileShare.None is an exclusive flock(2) on Unix and a share-mode lock on Windows: both die with the process.
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException error)
        {
            throw new DataDirectoryLockedException(path, ReadHolder(path), error);
        }
        catch (UnauthorizedAccessException error)
        {
            throw new DataDirectoryLockedException(path, ReadHolder(path), error);
        }

        try
        {
            var pid = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            file.SetLength(0);
            file.Write(pid);
            file.Flush(flushToDisk: true);
            return new DataDirectoryLock(file, path);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Releases the lock (the file stays; its content is only a hint).</summary>
    public void Dispose() => _file.Dispose();

    // .NET takes a shared flock for every FileStream it opens on Unix, which the holder's exclusive lock refuses, so the
    // pid is read with plain open/read (flock is advisory: reading without it is allowed). Elsewhere the pid is unknown.
    private static int? ReadHolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            var fd = Native.open(path, 0);
            if (fd < 0)
            {
                return null;
            }

            var buffer = new byte[32];
            var read = Native.read(fd, buffer, buffer.Length);
            _ = Native.close(fd);
            var text = read > 0 ? Encoding.ASCII.GetString(buffer, 0, (int)read).Trim() : "";
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static class Native
    {
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        public static extern int open([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, int flags);

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        public static extern nint read(int fd, byte[] buffer, nint count);

        [System.Runtime.InteropServices.DllImport("libc")]
        public static extern int close(int fd);
    }
}

/// <summary>Another process holds the data directory's lock.</summary>
public sealed class DataDirectoryLockedException(string lockFile, int? holderPid, Exception inner)
    : IOException(Describe(lockFile, holderPid), inner)
{
    /// <summary>The lock file that could not be taken.</summary>
    public string LockFile { get; } = lockFile;

    /// <summary>The pid the holder wrote into the lock file, when it could be read.</summary>
    public int? HolderPid { get; } = holderPid;

    private static string Describe(string lockFile, int? pid) =>
        $"the data directory {System.IO.Path.GetDirectoryName(lockFile)} is in use by another tributary process" +
        (pid is { } p ? $" (pid {p})" : "") +
        $"; stop it, or pass --data with another folder (lock: {lockFile})";
}
