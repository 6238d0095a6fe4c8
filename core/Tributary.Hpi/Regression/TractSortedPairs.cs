namespace Tributary.Hpi.Regression;

/// <summary>Kept pairs of one CBSA sorted by tract, as flat columns: a tract's pairs are the contiguous range
/// <c>[Start[tract], Start[tract+1])</c>, so a supertract's regression visits exactly its members' pairs.</summary>
/// <param name="FirstPeriod">First sale's period (year − <paramref name="FirstYear"/>) per pair.</param>
/// <param name="SecondPeriod">Second sale's period per pair.</param>
/// <param name="LogRatio">log(P_second) − log(P_first) per pair.</param>
/// <param name="Periods">Number of annual periods from <paramref name="FirstYear"/>.</param>
public sealed record TractSortedPairs(int[] Start, int[] FirstPeriod, int[] SecondPeriod, double[] LogRatio, int FirstYear, int Periods)
{
    /// <summary>Sorts pairs by tract with a stable counting sort (file order kept within a tract, so sums are reproducible).</summary>
    public static TractSortedPairs Build(int tractCount, ReadOnlySpan<int> tract, ReadOnlySpan<int> firstYear, ReadOnlySpan<int> secondYear,
        ReadOnlySpan<double> logRatio, int yearMin, int periods)
    {
        var start = new int[tractCount + 1];
        foreach (var t in tract)
        {
            start[t + 1]++;
        }

        for (var i = 0; i < tractCount; i++)
        {
            start[i + 1] += start[i];
        }

        var n = tract.Length;
        var next = start.AsSpan(0, tractCount).ToArray();
        var a = new int[n];
        var b = new int[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var k = next[tract[i]]++;
            a[k] = firstYear[i] - yearMin;
            b[k] = secondYear[i] - yearMin;
            y[k] = logRatio[i];
        }

        return new TractSortedPairs(start, a, b, y, yearMin, periods);
    }
}
