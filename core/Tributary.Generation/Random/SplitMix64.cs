namespace Tributary.Generation.Random;

/// <summary>SplitMix64 mixer: turns (seed, stream id) into well-spread seeds for <see cref="Xoshiro256"/>.</summary>
public static class SplitMix64
{
    /// <summary>Advances <paramref name="state"/> and returns the next mixed value.</summary>
    public static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>One mixed value from a key; used for stateless per-entity hashes (a customer's favourite merchant).</summary>
    public static ulong Mix(ulong key)
    {
        var state = key;
        return Next(ref state);
    }
}
