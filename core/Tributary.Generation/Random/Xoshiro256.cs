namespace Tributary.Generation.Random;

/// <summary>
/// xoshiro256** (Blackman and Vigna): fast, small-state PRNG. A mutable struct so the hot loop keeps it in registers;
/// every stream is seeded from (run seed, stream id) so no two batches or entities share a sequence.
/// </summary>
public struct Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Seeds the generator for one named stream of one run.</summary>
    public Xoshiro256(ulong seed, ulong streamId)
    {
        var sm = seed ^ SplitMix64.Mix(streamId ^ 0xD1B54A32D192ED03UL);
        _s0 = SplitMix64.Next(ref sm);
        _s1 = SplitMix64.Next(ref sm);
        _s2 = SplitMix64.Next(ref sm);
        _s3 = SplitMix64.Next(ref sm);
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n) by Lemire's multiply-shift (bias below 2^-32 for n below 2^32).</summary>
    public int NextInt(int n) => (int)(((NextUInt64() >> 32) * (ulong)(uint)n) >> 32);

    /// <summary>Uniform integer in [lo, hi).</summary>
    public int NextInt(int lo, int hi) => lo + NextInt(hi - lo);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Standard normal by Marsaglia's polar method (needs only log and sqrt).</summary>
    public double NextGaussian()
    {
        while (true)
        {
            var u = (2.0 * NextDouble()) - 1.0;
            var v = (2.0 * NextDouble()) - 1.0;
            var s = (u * u) + (v * v);
            if (s > 0 && s < 1)
            {
                return u * Math.Sqrt(-2.0 * Math.Log(s) / s);
            }
        }
    }

    /// <summary>Exponential with mean 1.</summary>
    public double NextExponential() => -Math.Log(1.0 - NextDouble());
}
