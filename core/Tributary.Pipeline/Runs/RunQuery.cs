namespace Tributary.Pipeline.Runs;

/// <summary>
/// One backend query of runs. Every filter is one the Durable backends apply in the store itself (status, created range,
/// id prefix), so a page is never cut short by filtering afterwards. The created range is [from, to].
/// </summary>
/// <param name="IdPrefix">Only ids that start with this; the kind filter is the prefix `{kind}-` (see <see cref="RunIds"/>).</param>
public sealed record RunQuery(
    IReadOnlyCollection<RuntimeStatus>? Statuses = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    int PageSize = 100,
    string? ContinuationToken = null,
    string? IdPrefix = null,
    bool WithInputsAndOutputs = true);

/// <summary>One page of a run query, with the backend's token for the next page.</summary>
public sealed record RunStatePage(IReadOnlyList<RunState> Runs, string? ContinuationToken);
