namespace Tributary.Pipeline.Reads;

/// <summary>The body of a break status change.</summary>
public sealed record BreakPatch(string? Status, string? Actor);
