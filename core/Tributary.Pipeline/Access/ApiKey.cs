using System.Security.Cryptography;
using System.Text;

namespace Tributary.Pipeline.Access;

/// <summary>
/// API keys: 256 random bits, shown once, stored only as a SHA-256 hash. A fast hash is enough because the key is random,
/// not a password: there is nothing to guess from a dictionary.
/// </summary>
public static class ApiKey
{
    /// <summary>The header a key is sent in, by every client and to both hosts.</summary>
    public const string Header = "X-Api-Key";

    /// <summary>The prefix of every key this project makes, so a leaked one is recognisable in logs and secret scanners.</summary>
    public const string Prefix = "trb_";

    /// <summary>The prefix of a stored hash.</summary>
    public const string HashPrefix = "sha256:";

    /// <summary>The longest key accepted in a header; longer values are refused before hashing.</summary>
    public const int MaxLength = Runs.InputLimits.MaxApiKeyLength;

    /// <summary>A new random key.</summary>
    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The stored form of a key: `sha256:` and 64 lower-case hex digits.</summary>
    public static string Hash(string key) => HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Whether a configured hash has the stored form (so a plain key pasted into configuration is caught at start).</summary>
    public static bool IsHash(string? value) =>
        value is { Length: 71 } && value.StartsWith(HashPrefix, StringComparison.Ordinal) && value[7..].All(char.IsAsciiHexDigitLower);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
