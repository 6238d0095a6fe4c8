using Tributary.Pipeline.Orchestration;
using Tributary.Pipeline.Outcomes;
using Tributary.Pipeline.Results;

namespace Tributary.Pipeline.Runs;

/// <summary>
/// A run's per-partition timeline, read from its orchestration history and its child orchestrations' (a large run fans out
/// through children), for both hosts over <see cref="IRunClient"/>. Paged by partition index, because a run may have
/// thousands of partitions.
/// </summary>
public sealed class RunPartitions(RunService runs)
{
    /// <summary>Largest page a caller may ask for.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Page size when the caller names none.</summary>
    public const int DefaultPageSize = 500;

    /// <summary>One page of the run's partitions in index order; 404 for an unknown run.</summary>
    public async Task<RequestOutcome<PartitionTimelinePage>> ReadAsync(string id, int? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (RunIds.Problem(id) is { } malformed)
        {
            return RequestOutcome<PartitionTimelinePage>.Invalid("id", malformed);
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            return RequestOutcome<PartitionTimelinePage>.Invalid("pageSize", $"must be a whole number between 1 and {MaxPageSize}");
        }

        var query = PageTokens.Query("partitions", id, new Dictionary<string, string>());
        var offset = 0;
        if (continuationToken is not null && (!PageTokens.TryOpen(continuationToken, query, out offset) || offset < 0))
        {
            return RequestOutcome<PartitionTimelinePage>.Invalid("continuationToken", PageTokens.Problem);
        }

        var run = await runs.FindAsync(id, withInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return RequestOutcome<PartitionTimelinePage>.Missing($"run {id}");
        }

        var activity = WorkloadTaskNames.Partition(run.Kind);
        var spans = new List<PartitionSpan>();
        var available = true;
        foreach (var instance in await InstancesAsync(run.Id, cancellationToken).ConfigureAwait(false))
        {
            var history = await runs.Client.GetTaskHistoryAsync(instance, cancellationToken).ConfigureAwait(false);
            if (history is null)
            {
                available = false;
                break;
            }

            spans.AddRange(PartitionTimeline.FromHistory(history, activity));
        }

        spans.Sort((a, b) => a.Index.CompareTo(b.Index));
        var size = pageSize ?? DefaultPageSize;
        var page = spans.Skip(offset).Take(size).ToList();
        var next = offset + page.Count < spans.Count ? PageTokens.Seal(query, offset + page.Count) : null;
        return RequestOutcome<PartitionTimelinePage>.Found(new PartitionTimelinePage(id, run.Kind, available, spans.Count, page, next));
    }

    // The run's own instance, then its child orchestrations (RunIds.Child), which hold the partitions of a large run.
    private async Task<List<string>> InstancesAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instances = new List<string> { instanceId };
        string? token = null;
        do
        {
            var page = await runs.Client.QueryAsync(new RunQuery(PageSize: 500, ContinuationToken: token, IdPrefix: RunIds.ChildrenOf(instanceId), WithInputsAndOutputs: false), cancellationToken)
                .ConfigureAwait(false);
            instances.AddRange(page.Runs.Select(r => r.Id));
            token = page.ContinuationToken;
        }
        while (token is not null);

        return instances;
    }
}

/// <summary>One page of a run's partition timeline.</summary>
/// <param name="HistoryAvailable">False when the host's Durable backend cannot read histories (the page is then empty).</param>
/// <param name="Total">How many partitions the run has scheduled so far.</param>
public sealed record PartitionTimelinePage(string RunId, string Kind, bool HistoryAvailable, int Total, IReadOnlyList<PartitionSpan> Partitions, string? ContinuationToken);
