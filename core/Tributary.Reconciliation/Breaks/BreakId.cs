using System.Security.Cryptography;
using System.Text;

namespace Tributary.Reconciliation.Breaks;

/// <summary>
/// Stable break ids: the first 16 hex digits of SHA-256 over profile, type, side, key and field. The same inputs give the
/// same ids in any bucket count and on any machine, so a break keeps its id (and its workflow history) across re-runs.
/// </summary>
public static class BreakId
{
    /// <summary>The id for these identifying parts; <paramref name="occurrence"/> separates breaks that share them.</summary>
    public static string Compute(string profile, string breakType, string side, string key, string field, int occurrence = 0)
    {
        var text = $"{profile}\u001f{breakType}\u001f{side}\u001f{key}\u001f{field}\u001f{occurrence}";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
