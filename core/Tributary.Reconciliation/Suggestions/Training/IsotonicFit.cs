namespace Tributary.Reconciliation.Suggestions.Training;

/// <summary>
/// Isotonic regression by pool-adjacent-violators: the non-decreasing step function of a score closest (least squares) to
/// the observed 0/1 outcomes. Blocks smaller than <c>minBlock</c> observations are pooled with a neighbour so the map is
/// not fitted to a handful of cases. Each block becomes two points, its lowest and highest score at its share right: the
/// map is flat inside a block and linear only across the gaps between blocks. The share is smoothed by one right and one
/// wrong observation more (Laplace), so a block that was always right says 0.999, not a certainty.
/// </summary>
public static class IsotonicFit
{
    private readonly record struct Block(double Low, double High, double Right, int Count)
    {
        public double Share => Right / Count;

        public double Smoothed => (Right + 1) / (Count + 2);

        public Block With(Block next) => new(Low, next.High, Right + next.Right, Count + next.Count);
    }

    /// <summary>Fits the map; <paramref name="observations"/> are (score, outcome).</summary>
    public static double[][] Fit(IEnumerable<(double Score, bool Right)> observations, int minBlock = 30)
    {
        var blocks = new List<Block>();
        foreach (var (score, right) in observations.OrderBy(o => o.Score))
        {
            blocks.Add(new Block(score, score, right ? 1 : 0, 1));
            while (blocks.Count > 1 && blocks[^2].Share >= blocks[^1].Share)
            {
                Merge(blocks);
            }
        }

        // Small blocks pool with the next one (the last with the one before); pooling keeps the order non-decreasing.
        var pooled = new List<Block>();
        foreach (var block in blocks)
        {
            pooled.Add(block);
            while (pooled.Count > 1 && (pooled[^2].Count < minBlock || pooled[^2].Share >= pooled[^1].Share))
            {
                Merge(pooled);
            }
        }

        while (pooled.Count > 1 && pooled[^1].Count < minBlock)
        {
            Merge(pooled);
        }

        // Smoothing a small block more than a large one could undo the order: keep the map non-decreasing.
        var points = new List<double[]>();
        var floor = 0.0;
        foreach (var b in pooled)
        {
            floor = Math.Max(floor, b.Smoothed);
            points.Add([b.Low, floor]);
            points.Add([b.High, floor]);
        }

        return [.. points];
    }

    private static void Merge(List<Block> blocks)
    {
        var merged = blocks[^2].With(blocks[^1]);
        blocks.RemoveAt(blocks.Count - 1);
        blocks[^1] = merged;
    }
}
