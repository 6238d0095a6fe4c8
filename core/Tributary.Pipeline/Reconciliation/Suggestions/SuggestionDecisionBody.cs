using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tributary.Pipeline.Reconciliation;

/// <summary>The body of an accept or a reject: why (required to reject, optional to accept). Who decides comes from the credential.</summary>
public sealed record SuggestionDecisionBody(string? Comment = null)
{
    /// <summary>Keys the body has beyond these: each is refused with the closest known key.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? UnknownKeys { get; init; }

    /// <summary>The keys a body may have.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["comment"];
}

/// <summary>What an accept or reject did: the suggestion as now stored and, for an accept, its breaks closed as matched by it.</summary>
public sealed record SuggestionDecisionResult(Reconciliation.ReconSuggestionDocument Suggestion, IReadOnlyList<Reconciliation.ReconBreakDocument> Breaks);
