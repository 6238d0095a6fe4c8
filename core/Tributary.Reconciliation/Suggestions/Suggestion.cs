using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace Tributary.Reconciliation.Suggestions;

/// <summary>
/// A proposed grouping of unmatched records that are probably one reality: which records (by their 1-based data-record
/// number in each input file), which unmatched breaks it would clear, how sure the engine is (a calibrated probability),
/// why in one line, and the smallest profile change under which the passes would have matched it themselves.
/// </summary>
public sealed record Suggestion
{
    /// <summary>Fingerprint of the grouping: the same records give the same id on every run of the same input (see <see cref="Fingerprint"/>).</summary>
    public required string SuggestionId { get; init; }
    public required string Profile { get; init; }
    public required SuggestionKind Kind { get; init; }
    /// <summary>The partition-key values the records share, '|'-joined.</summary>
    public required string Partition { get; init; }
    public required IReadOnlyList<int> LeftRecords { get; init; }
    public required IReadOnlyList<int> RightRecords { get; init; }
    /// <summary>The unmatched breaks accepting it would close, ordered.</summary>
    public required IReadOnlyList<string> BreakIds { get; init; }
    /// <summary>Probability that the grouping is right, calibrated on generated data with known truth.</summary>
    public required double Confidence { get; init; }
    public required string Explanation { get; init; }
    /// <summary>The smallest profile change under which the passes would have matched it; empty when none would.</summary>
    public required string WouldMatchIf { get; init; }
    /// <summary>Financial impact of the breaks it would clear, in the profile's base currency.</summary>
    public required decimal Value { get; init; }
    [JsonIgnore]
    public Evidence? Evidence { get; init; }

    /// <summary>The fingerprint of a grouping: first 16 hex digits of SHA-256 over profile, kind and its sorted break ids.</summary>
    public static string Fingerprint(string profile, SuggestionKind kind, IEnumerable<string> breakIds)
    {
        var text = $"{profile}\u001f{kind.Name()}\u001f{string.Join('\u001f', breakIds.Order(StringComparer.Ordinal))}";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
