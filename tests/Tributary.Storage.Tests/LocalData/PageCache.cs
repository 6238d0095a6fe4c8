using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace Tributary.Storage.Tests.LocalData;

/// <summary>How much of a file the kernel holds in its page cache: mincore(2) over a read-only mapping.</summary>
internal static class PageCache
{
    /// <summary>The share of <paramref name="path"/>'s pages in the page cache, 0 to 1.</summary>
    public static double ResidentShare(string path)
    {
        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            return 0;
        }

        var pages = (length + Environment.SystemPageSize - 1) / Environment.SystemPageSize;
        var resident = new byte[pages];
        using (var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read))
        using (var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read))
        {
            var handle = view.SafeMemoryMappedViewHandle;
            var added = false;
            handle.DangerousAddRef(ref added);
            try
            {
                // Mapping a file reads none of it, so what mincore sees is what was cached before.
                if (Mincore(handle.DangerousGetHandle() + (nint)view.PointerOffset, (nuint)length, resident) != 0)
                {
                    throw new IOException($"mincore on {path} failed with errno {Marshal.GetLastPInvokeError()}");
                }
            }
            finally
            {
                if (added)
                {
                    handle.DangerousRelease();
                }
            }
        }

        return resident.Count(page => (page & 1) != 0) / (double)pages;
    }

    [DllImport("libc", EntryPoint = "mincore", SetLastError = true)]
    private static extern int Mincore(nint address, nuint length, [Out] byte[] vector);
}
