using Tributary.Pipeline.Runs;

namespace Tributary.Pipeline.Telemetry;

/// <summary>
/// The source of `tributary_runs_active{workload}` in both hosts: Pending and Running instances by kind, counted in the task
/// hub itself (so the figure is right across restarts and across several processes on one hub). A host counts when it can
/// reach its Durable client (serve on a scrape, at most every few seconds; the Functions app from a timer, since its client
/// is bound per invocation), and the gauge reports the last count.
/// </summary>
public sealed class ActiveRunCounter(IEnumerable<string> kinds)
{
    private static readonly RuntimeStatus[] Unfinished = [RuntimeStatus.Pending, RuntimeStatus.Running];
    private readonly IReadOnlyList<string> _kinds = [.. kinds.Order(StringComparer.Ordinal)];
    private IReadOnlyList<KeyValuePair<string, long>>? _counts;

    /// <summary>The last counts by workload; null before the first count.</summary>
    public IReadOnlyList<KeyValuePair<string, long>>? Last => Volatile.Read(ref _counts);

    /// <summary>Counts the unfinished runs of every workload through <paramref name="client"/> and keeps the result.</summary>
    public async Task<IReadOnlyList<KeyValuePair<string, long>>> CountAsync(IRunClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var counts = new List<KeyValuePair<string, long>>();
        foreach (var kind in _kinds)
        {
            long count = 0;
            string? token = null;
            do
            {
                var page = await client.QueryAsync(new RunQuery(Unfinished, null, null, 500, token, RunIds.KindPrefix(kind), WithInputsAndOutputs: false), cancellationToken)
                    .ConfigureAwait(false);
                count += page.Runs.Count;
                token = page.ContinuationToken;
            }
            while (token is not null);

            counts.Add(new(kind, count));
        }

        Volatile.Write(ref _counts, counts);
        return counts;
    }

    /// <summary>Feeds the gauge from <paramref name="counts"/> (usually a view of <see cref="Last"/>); dispose to stop.</summary>
    public static IDisposable Observe(Func<IEnumerable<KeyValuePair<string, long>>> counts) => PipelineTelemetry.ObserveActiveRuns(counts);
}
