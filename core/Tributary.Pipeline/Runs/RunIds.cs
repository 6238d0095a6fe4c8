namespace Tributary.Pipeline.Runs;

/// <summary>
/// The shape of run ids. Callers see a run's own id (theirs, or one derived from the triggering event); the Durable instance
/// behind it is `{kind}-{run id}`. The backends filter instances by id prefix but not by orchestrator name, so this makes
/// the kind filter of `GET /api/runs` a store query, while the public ids stay what callers chose. Child orchestrations
/// begin with `sub.`, which no kind does, so they never show in a listing.
/// </summary>
public static class RunIds
{
    /// <summary>The longest run id a caller may ask for.</summary>
    public const int MaxCallerIdLength = InputLimits.MaxRunIdLength;

    /// <summary>What a valid run id looks like, quoted in every message about one.</summary>
    public static readonly string CallerIdRule = $"must be 1-{MaxCallerIdLength} letters, digits, '.', '_' or '-', starting with a letter or digit";

    /// <summary>The prefix of every child orchestration's instance id.</summary>
    public const string ChildPrefix = "sub.";

    /// <summary>True when a caller may ask for this id, and when a route's id could name a run (else 400).</summary>
    public static bool IsValidCallerId(string id) => IsIdShaped(id, MaxCallerIdLength);

    /// <summary>
    /// True for 1-<paramref name="maxLength"/> ASCII letters, digits, '.', '_' or '-', starting with a letter or digit: the
    /// shape of every id the pipeline makes, and one no store refuses ('/', '\', '#', '?', spaces and control characters
    /// never occur), so a route can answer 400 for anything else before it reaches a store.
    /// </summary>
    public static bool IsIdShaped(string? id, int maxLength) =>
        id is { Length: > 0 } && id.Length <= maxLength && char.IsAsciiLetterOrDigit(id[0])
        && id.AsSpan().IndexOfAnyExcept(IdCharacters) < 0;

    /// <summary>Why a route's id cannot name a run (quoting it, shortened), or null when it can.</summary>
    public static string? Problem(string id) =>
        IsValidCallerId(id) ? null : $"'{(id.Length <= 80 ? id : id[..77] + "...")}' is not a run id: {CallerIdRule}";

    /// <summary>The prefix every instance of the kind has.</summary>
    public static string KindPrefix(string kind) => kind + "-";

    /// <summary>The Durable instance id of a run.</summary>
    public static string InstanceId(string kind, string runId) => KindPrefix(kind) + runId;

    /// <summary>The run id of a workload's instance (the instance id without its kind prefix).</summary>
    public static string RunIdOf(string kind, string instanceId) =>
        instanceId.StartsWith(KindPrefix(kind), StringComparison.Ordinal) ? instanceId[(kind.Length + 1)..] : instanceId;

    /// <summary>A fresh run id for a start without one (hosts only; orchestrators never call this).</summary>
    public static string New(string kind) => $"{KindPrefix(kind)}{Guid.NewGuid():N}";

    /// <summary>The prefix of every child orchestration of an instance.</summary>
    /// <remarks>The ':' cannot occur in a run id, so the children of `r` never include those of `r.rerun-1`.</remarks>
    public static string ChildrenOf(string parentInstanceId) => $"{ChildPrefix}{parentInstanceId}:";

    /// <summary>The instance id of an instance's n-th child orchestration: deterministic, so a replay addresses the same child.</summary>
    public static string Child(string parentInstanceId, int index) => $"{ChildrenOf(parentInstanceId)}{index:D5}";

    private static readonly System.Buffers.SearchValues<char> IdCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");
}
