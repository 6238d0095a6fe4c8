using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Tributary.Reconciliation.Records;

/// <summary>
/// Finds the next comma, line feed or double quote in CSV bytes. It compares 64 bytes at a time with vector
/// instructions and keeps one bit per byte that is a separator, so the parser walks a row's fields by popping bits
/// instead of searching once per field.
/// With <paramref name="arriving"/> (the same array, still being downloaded) it waits for each block before reading it.
/// </summary>
internal struct SeparatorScanner(byte[] data, ArrivingBytes? arriving = null)
{
    private ulong _mask;
    private int _block = int.MinValue;
    private int _ready = arriving is null ? data.Length : 0;

    /// <summary>The position of the first separator at or after <paramref name="from"/>, or the data length if none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int from)
    {
        while (true)
        {
            var offset = from - _block;
            if ((uint)offset >= 64)
            {
                if (from >= data.Length)
                {
                    return data.Length;
                }

                Load(from);
                offset = 0;
            }

            var bits = _mask & (ulong.MaxValue << offset);
            if (bits != 0)
            {
                return _block + BitOperations.TrailingZeroCount(bits);
            }

            from = _block + 64;
        }
    }

    private void Load(int start)
    {
        if (start + 64 > _ready && _ready < data.Length)
        {
            _ready = arriving!.WaitFor(start + 64);
        }

        _block = start;
        if (data.Length - start >= 64)
        {
            ref var first = ref data[start];
            if (Vector256.IsHardwareAccelerated)
            {
                _mask = Separators(Vector256.LoadUnsafe(ref first)) | ((ulong)Separators(Vector256.LoadUnsafe(ref first, 32)) << 32);
            }
            else
            {
                _mask = Separators(Vector128.LoadUnsafe(ref first)) | ((ulong)Separators(Vector128.LoadUnsafe(ref first, 16)) << 16) |
                        ((ulong)Separators(Vector128.LoadUnsafe(ref first, 32)) << 32) | ((ulong)Separators(Vector128.LoadUnsafe(ref first, 48)) << 48);
            }

            return;
        }

        // The last few bytes of the data.
        ulong mask = 0;
        for (var i = 0; i < data.Length - start; i++)
        {
            var b = data[start + i];
            if (b is (byte)',' or (byte)'\n' or (byte)'"')
            {
                mask |= 1UL << i;
            }
        }

        _mask = mask;
    }

    private static uint Separators(Vector256<byte> v) =>
        (Vector256.Equals(v, Vector256.Create((byte)',')) | Vector256.Equals(v, Vector256.Create((byte)'\n')) |
         Vector256.Equals(v, Vector256.Create((byte)'"'))).ExtractMostSignificantBits();

    private static uint Separators(Vector128<byte> v) =>
        (Vector128.Equals(v, Vector128.Create((byte)',')) | Vector128.Equals(v, Vector128.Create((byte)'\n')) |
         Vector128.Equals(v, Vector128.Create((byte)'"'))).ExtractMostSignificantBits();
}
