using System.Text.Json;

namespace Tributary.Pipeline.Results;

/// <summary>A page of result documents as stored.</summary>
public sealed record ResultPage(IReadOnlyList<JsonElement> Items, string? ContinuationToken);
