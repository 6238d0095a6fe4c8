namespace Tributary.Hpi.Chaining;

/// <summary>Chaining (method §6): P(first) = 1, P(t) = P(t−1)·exp(p̂(t)). Weighted appreciations are chained; index levels are
/// never averaged.</summary>
public static class IndexChain
{
    /// <summary>Chains appreciations from <paramref name="firstYear"/> to <paramref name="lastYear"/>. The chain stops before
    /// the first year whose appreciation is not finite: a level after a gap would need an invented appreciation.</summary>
    public static IReadOnlyList<IndexPoint> Chain(int firstYear, int lastYear, Func<int, double> appreciation)
    {
        if (lastYear < firstYear)
        {
            return [];
        }

        var points = new List<IndexPoint>(lastYear - firstYear + 1) { new(firstYear, null, 1.0) };
        var level = 1.0;
        for (var year = firstYear + 1; year <= lastYear; year++)
        {
            var p = appreciation(year);
            if (!double.IsFinite(p))
            {
                break;
            }

            level *= Math.Exp(p);
            points.Add(new IndexPoint(year, p, level));
        }

        return points;
    }

    /// <summary>Index = 100 at <paramref name="baseYear"/> (null: the first point). Null when the series lacks the base year.</summary>
    public static IReadOnlyList<(IndexPoint Point, double Index)>? Rebase(IReadOnlyList<IndexPoint> points, int? baseYear)
    {
        if (points.Count == 0)
        {
            return [];
        }

        var basePoint = baseYear is null ? points[0] : points.FirstOrDefault(p => p.Year == baseYear);
        if (basePoint is null)
        {
            return null;
        }

        return points.Select(p => (p, 100.0 * p.Level / basePoint.Level)).ToArray();
    }
}
