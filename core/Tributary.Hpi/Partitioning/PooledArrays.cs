using System.Buffers;

namespace Tributary.Hpi.Partitioning;

/// <summary>Scratch arrays rented from the shared pools for one unit of work (a bucket, a CBSA) and all given back at the
/// end, so streaming a national file reuses a few buffers instead of leaving gigabytes of large-object garbage.</summary>
internal sealed class PooledArrays : IDisposable
{
    private readonly List<Action> _returns = [];

    /// <summary>An array of at least <paramref name="length"/> elements; cleared when <paramref name="clear"/> (pooled arrays hold old data).</summary>
    public T[] Rent<T>(int length, bool clear = false)
    {
        var array = ArrayPool<T>.Shared.Rent(Math.Max(length, 1));
        if (clear)
        {
            Array.Clear(array, 0, Math.Max(length, 1));
        }

        _returns.Add(() => ArrayPool<T>.Shared.Return(array));
        return array;
    }

    /// <summary>A whole file read into a rented buffer; the valid bytes are <c>[0, length)</c>.</summary>
    public byte[] ReadFile(string path, out int length)
    {
        using var handle = File.OpenHandle(path);
        length = checked((int)RandomAccess.GetLength(handle));
        var bytes = Rent<byte>(length);
        var read = 0;
        while (read < length)
        {
            read += RandomAccess.Read(handle, bytes.AsSpan(read, length - read), read);
        }

        return bytes;
    }

    public void Dispose()
    {
        foreach (var give in _returns)
        {
            give();
        }

        _returns.Clear();
    }
}
