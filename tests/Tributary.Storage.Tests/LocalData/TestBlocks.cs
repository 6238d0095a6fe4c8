namespace Tributary.Storage.Tests.LocalData;

/// <summary>Block ids and seeded random bytes for the tests of Azurite's preloads.</summary>
internal static class TestBlocks
{
    /// <summary>The base64 block id of a block's index, as the SDK wants them.</summary>
    public static string Id(int index) => Convert.ToBase64String(BitConverter.GetBytes(index));

    /// <summary><paramref name="length"/> random bytes, the same for the same seed.</summary>
    public static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
