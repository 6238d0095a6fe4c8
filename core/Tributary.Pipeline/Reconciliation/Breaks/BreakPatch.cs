using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tributary.Pipeline.Reconciliation;

/// <summary>
/// The body of a break status change: the target status, an assignee when one is set with it (an empty one clears it), and a
/// free-text comment stored with the change. Who acts comes from the credential; <see cref="Actor"/> is read only to refuse it.
/// </summary>
public sealed record BreakPatch(string? Status, string? Assignee = null, string? Comment = null, string? Actor = null)
{
    /// <summary>Keys the body has beyond these (the serializer would drop them): each is refused with the closest known key.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? UnknownKeys { get; init; }

    /// <summary>The keys a body may have.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["status", "assignee", "comment"];
}
