using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Runs;

namespace Tributary.Pipeline.Results;

/// <summary>
/// The continuation tokens every paged read hands out: the backend's position wrapped with a checksum over it and the
/// query it belongs to, base64url-encoded. A token that does not decode, was edited, or comes from another query (another
/// run, other filters) is refused before it reaches a store, so the caller gets a 400 instead of the store's 500. The
/// checksum detects mistakes and casual edits; it is no secret, and need not be: a token grants nothing the query
/// itself does not.
/// </summary>
public static class PageTokens
{
    /// <summary>The problem reported for a token this API did not hand out for this query.</summary>
    public const string Problem = "is not a token this API handed out for this query; start again without it";

    /// <summary>The token of <paramref name="position"/> within the query described by <paramref name="query"/>.</summary>
    public static string Seal<T>(string query, T position)
    {
        var json = JsonSerializer.Serialize(position, DurableJson.Options);
        var sealedToken = JsonSerializer.SerializeToUtf8Bytes(new Envelope(json, Checksum(query, json)), DurableJson.Options);
        return Convert.ToBase64String(sealedToken).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The position a token holds, when it is one <see cref="Seal"/> made for this same query.</summary>
    public static bool TryOpen<T>(string token, string query, [NotNullWhen(true)] out T? position)
    {
        ArgumentNullException.ThrowIfNull(token);
        position = default;
        if (token.Length > InputLimits.MaxContinuationTokenLength)
        {
            return false;
        }

        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var envelope = JsonSerializer.Deserialize<Envelope>(Convert.FromBase64String(padded), DurableJson.Options);
            if (envelope?.P is not { } json || envelope.C != Checksum(query, json))
            {
                return false;
            }

            position = JsonSerializer.Deserialize<T>(json, DurableJson.Options);
            return position is not null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }

    /// <summary>A stable description of a query from its parts, for <see cref="Seal"/> and <see cref="TryOpen"/>.</summary>
    public static string Query(string route, string partition, IReadOnlyDictionary<string, string> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        // Unit separators cannot occur in the parts that matter (ids are validated), so no two queries read alike.
        return string.Join('\u001f', new[] { route, partition }.Concat(filters.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}")));
    }

    private static string Checksum(string query, string position) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{query}\n{position}")).AsSpan(0, 12));

    private sealed record Envelope(string? P, string? C);
}
