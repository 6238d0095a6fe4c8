namespace Tributary.Generation.Batches;

/// <summary>One batch of a run: its index, the global row number of its first transaction, and its row count.</summary>
public readonly record struct BatchSlice(int Index, long FirstRow, int Count)
{
    /// <summary>File name stem, e.g. <c>batch-00007</c>.</summary>
    public string Name => $"batch-{Index:D5}";
}

/// <summary>
/// Splits a run into batches. Every batch is full except possibly the last; batch i depends only on the spec and i,
/// so a durable orchestration can fan out <see cref="Slices"/> and run them in any order or on any machine.
/// </summary>
public sealed class BatchPlan
{
    /// <summary>The run being planned.</summary>
    public GenerationRunSpec Spec { get; }

    /// <summary>All batches, in index order.</summary>
    public IReadOnlyList<BatchSlice> Slices { get; }

    private BatchPlan(GenerationRunSpec spec, IReadOnlyList<BatchSlice> slices)
    {
        Spec = spec;
        Slices = slices;
    }

    /// <summary>Plans a validated run.</summary>
    public static BatchPlan For(GenerationRunSpec spec)
    {
        spec.Validated();
        var slices = new BatchSlice[spec.BatchCount];
        for (var i = 0; i < slices.Length; i++)
        {
            var first = (long)i * spec.BatchSize;
            slices[i] = new BatchSlice(i, first, (int)Math.Min(spec.BatchSize, spec.TotalCount - first));
        }

        return new BatchPlan(spec, slices);
    }

    /// <summary>The slice of batch <paramref name="index"/>; throws when the run has no such batch.</summary>
    public BatchSlice this[int index] =>
        index >= 0 && index < Slices.Count
            ? Slices[index]
            : throw new ArgumentOutOfRangeException(nameof(index), $"batch {index} is outside 0..{Slices.Count - 1}");
}
