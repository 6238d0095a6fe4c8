namespace Tributary.Pipeline.Reads;

/// <summary>The body of a break status change; an assignee, when given, is set with it (an empty one clears it).</summary>
public sealed record BreakPatch(string? Status, string? Actor, string? Assignee = null);
