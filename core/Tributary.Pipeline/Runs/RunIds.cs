using System.Text.RegularExpressions;

namespace Tributary.Pipeline.Runs;

/// <summary>
/// The shape of run ids. Callers see a run's own id (theirs, or one derived from the triggering event); the Durable instance
/// behind it is `{kind}-{run id}`. The backends filter instances by id prefix but not by orchestrator name, so this makes
/// the kind filter of `GET /api/runs` a store query, while the public ids stay what callers chose. Child orchestrations
/// begin with `sub.`, which no kind does, so they never show in a listing.
/// </summary>
public static partial class RunIds
{
    /// <summary>The longest run id a caller may ask for.</summary>
    public const int MaxCallerIdLength = 128;

    /// <summary>What a valid run id looks like, quoted in every message about one.</summary>
    public const string CallerIdRule = "must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit";

    /// <summary>The prefix of every child orchestration's instance id.</summary>
    public const string ChildPrefix = "sub.";

    /// <summary>True when a caller may ask for this id, and when a route's id could name a run (else 400).</summary>
    public static bool IsValidCallerId(string id) => CallerIdPattern().IsMatch(id);

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

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex CallerIdPattern();
}
