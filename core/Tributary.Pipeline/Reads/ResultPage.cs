using System.Text.Json;

namespace Tributary.Pipeline.Reads;

/// <summary>A page of result documents as stored.</summary>
public sealed record ResultPage(IReadOnlyList<JsonElement> Items, string? ContinuationToken);
