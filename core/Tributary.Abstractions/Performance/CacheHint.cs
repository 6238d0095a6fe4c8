using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Tributary.Abstractions.Performance;

/// <summary>
/// Asks the CPU to start loading a memory location into cache before it is needed: for hot loops that touch large
/// tables at random (hash tables, per-customer histories) and know the next address a few iterations ahead.
/// </summary>
/// <remarks>
/// The one unsafe method of the engines, kept here so no engine project needs unsafe code. A prefetch is only a hint:
/// it never faults and changes no value, so an address gone stale (an array the GC moved or the caller replaced) is
/// harmless. Without SSE (e.g. on Arm) it does nothing.
/// </remarks>
public static class CacheHint
{
    /// <summary>Prefetches the cache line holding <paramref name="location"/> into all cache levels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch<T>(ref T location)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref location));
        }
    }
}
