namespace Tributary.Pipeline.Runs;

/// <summary>One partition of a run on its timeline: when it was first scheduled, when its last attempt ended, its attempts and failures.</summary>
/// <param name="Index">The partition's place in the run's plan (0-based).</param>
/// <param name="Partition">The partition's id in the plan (a CBSA, a batch, a bucket, a vendor).</param>
/// <param name="Start">When its first attempt was scheduled.</param>
/// <param name="End">When its last attempt ended; null while it runs.</param>
/// <param name="Status">Completed, Failed (its last attempt failed) or Running.</param>
/// <param name="LastError">The message of its last failure, if any.</param>
public sealed record PartitionSpan(int Index, string? Partition, DateTimeOffset Start, DateTimeOffset? End, int Attempts, int Failures, string Status, string? LastError);

/// <summary>Folds the activity steps of a run's histories into one <see cref="PartitionSpan"/> per partition.</summary>
public static class PartitionTimeline
{
    /// <summary>
    /// The partitions of one orchestration's history: every task of <paramref name="partitionActivity"/> is an attempt of
    /// the partition its tags name; the retries of a partition are new tasks with the same tags.
    /// </summary>
    public static IEnumerable<PartitionSpan> FromHistory(IReadOnlyList<TaskHistoryEvent> events, string partitionActivity)
    {
        ArgumentNullException.ThrowIfNull(events);
        var partitionOfTask = new Dictionary<int, int>();
        var spans = new SortedDictionary<int, Builder>();
        foreach (var step in events)
        {
            if (step.Kind == TaskHistoryKind.Scheduled)
            {
                if (!string.Equals(step.Name, partitionActivity, StringComparison.Ordinal) || Identify(step.Tags) is not { } identity)
                {
                    continue;
                }

                partitionOfTask[step.TaskId] = identity.Index;
                if (!spans.TryGetValue(identity.Index, out var span))
                {
                    spans[identity.Index] = span = new Builder(identity.Index, identity.Partition, step.Timestamp);
                }

                span.Attempts++;
                span.End = null;
                span.Status = "Running";
            }
            else if (partitionOfTask.TryGetValue(step.TaskId, out var index))
            {
                var span = spans[index];
                span.End = step.Timestamp;
                if (step.Kind == TaskHistoryKind.Completed)
                {
                    span.Status = "Completed";
                }
                else
                {
                    span.Failures++;
                    span.Status = "Failed";
                    span.LastError = step.Failure;
                }
            }
        }

        return spans.Values.Select(s => new PartitionSpan(s.Index, s.Partition, s.Start, s.End, s.Attempts, s.Failures, s.Status, s.LastError));
    }

    // The partition the task's tags name (Orchestration.PartitionTags): its index and id.
    private static (int Index, string? Partition)? Identify(IReadOnlyDictionary<string, string>? tags) =>
        tags is not null && tags.TryGetValue(Orchestration.PartitionTags.Index, out var text)
            && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? (index, tags.GetValueOrDefault(Orchestration.PartitionTags.Id))
            : null;

    private sealed class Builder(int index, string? partition, DateTimeOffset start)
    {
        public int Index { get; } = index;

        public string? Partition { get; } = partition;

        public DateTimeOffset Start { get; } = start;

        public DateTimeOffset? End { get; set; }

        public int Attempts { get; set; }

        public int Failures { get; set; }

        public string Status { get; set; } = "Running";

        public string? LastError { get; set; }
    }
}
