using System.Text.RegularExpressions;

namespace Tributary.Pipeline.Runs;

/// <summary>
/// The shape of run ids. A top-level run's id begins with its kind (`hpi-…`): the Durable backends filter instances by id
/// prefix but not by orchestrator name, and this makes the kind filter of `GET /api/runs` a store query. Child
/// orchestrations begin with `sub.`, which no kind does, so they never show in a listing.
/// </summary>
public static partial class RunIds
{
    /// <summary>The longest id a caller may ask for.</summary>
    public const int MaxCallerIdLength = 128;

    /// <summary>What a valid caller id looks like, quoted in every message about one.</summary>
    public const string CallerIdRule = "must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit";

    /// <summary>The prefix of every child orchestration's id.</summary>
    public const string ChildPrefix = "sub.";

    /// <summary>True when a caller may ask for this id.</summary>
    public static bool IsValidCallerId(string id) => CallerIdPattern().IsMatch(id);

    /// <summary>True when the id could be a run id of some kind: a caller id, possibly with its kind prefix (so at most kind + 1 + 128 characters).</summary>
    public static bool IsWellFormed(string id) => id.Length <= MaxCallerIdLength + 33 && RunIdPattern().IsMatch(id);

    /// <summary>The prefix every run of the kind has.</summary>
    public static string KindPrefix(string kind) => kind + "-";

    /// <summary>The run id for a caller's id: the id itself when it already begins with its kind, else `{kind}-{id}`.</summary>
    public static string ForCaller(string kind, string callerId) =>
        callerId.StartsWith(KindPrefix(kind), StringComparison.Ordinal) ? callerId : KindPrefix(kind) + callerId;

    /// <summary>A fresh id for a start without one (hosts only; orchestrators never call this).</summary>
    public static string New(string kind) => $"{KindPrefix(kind)}{Guid.NewGuid():N}";

    /// <summary>The kind encoded in a run id, or null for a child or foreign id.</summary>
    public static string? KindOf(string runId, IEnumerable<string> kinds) =>
        kinds.FirstOrDefault(k => runId.StartsWith(KindPrefix(k), StringComparison.Ordinal));

    /// <summary>The prefix of every child orchestration of a run.</summary>
    public static string ChildrenOf(string parentId) => $"{ChildPrefix}{parentId}.";

    /// <summary>The id of a run's n-th child orchestration: deterministic, so a replay addresses the same child.</summary>
    public static string Child(string parentId, int index) => $"{ChildrenOf(parentId)}{index:D5}";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex CallerIdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex RunIdPattern();
}
