namespace Tributary.Pipeline.Reads;

/// <summary>
/// The body of a break status change: the target status, an assignee when one is set with it (an empty one clears it), and a
/// free-text comment stored with the change. Who acts comes from the credential; <see cref="Actor"/> is read only to refuse it.
/// </summary>
public sealed record BreakPatch(string? Status, string? Assignee = null, string? Comment = null, string? Actor = null);
