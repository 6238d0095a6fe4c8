using System.Security.Cryptography;
using Tributary.Pipeline.Drops;
using Tributary.Pipeline.Ports;

namespace Tributary.Host.Tests.EndToEnd;

/// <summary>A drop's run id from the bytes a test uploaded, computed before the host may have moved them (quarantine).</summary>
internal static class DropIds
{
    public static string Of(string kind, params (BlobRef Blob, byte[] Content)[] files) =>
        DropScanner.RunIdOfHashes(kind, files.Select(f => (f.Blob, SHA256.HashData(f.Content))));

    public static string OfFolder(string kind, string container, string folder, string localFolder, params string[] names) =>
        Of(kind, names.Select(n => (new BlobRef(container, folder + n), File.ReadAllBytes(Path.Combine(localFolder, n)))).ToArray());
}
