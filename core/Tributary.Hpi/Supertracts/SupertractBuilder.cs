namespace Tributary.Hpi.Supertracts;

/// <summary>Builds one year's supertracts (method §3): a unit is valid with at least <c>threshold</c> half-pairs in t and in
/// t−1; an invalid unit is merged with the nearest unit by centroid distance, and the merged centroid and counts are
/// recomputed, until every unit is valid. Input is one CBSA, so supertracts never cross a CBSA.</summary>
public static class SupertractBuilder
{
    /// <summary>Builds the partition for one year.</summary>
    /// <param name="lat">Centroid latitude per tract (degrees).</param>
    /// <param name="lon">Centroid longitude per tract (degrees).</param>
    /// <param name="halfPairsInYear">Half-pairs per tract in year t.</param>
    /// <param name="halfPairsInPreviousYear">Half-pairs per tract in year t−1.</param>
    /// <remarks>Order of merging: the invalid unit with the fewest half-pairs (the smaller of its two counts) goes first, ties
    /// to the lower index, so the result is deterministic. A merged centroid is the unweighted mean of its member tracts'
    /// centroids. Distance is equirectangular (longitude scaled by the cosine of the latitude), accurate at CBSA scale.</remarks>
    public static SupertractPartition Build(ReadOnlySpan<double> lat, ReadOnlySpan<double> lon,
        ReadOnlySpan<int> halfPairsInYear, ReadOnlySpan<int> halfPairsInPreviousYear, int threshold)
    {
        var n = lat.Length;
        var supertractOf = new int[n];
        if (n == 0)
        {
            return new SupertractPartition(supertractOf, [], Reached: false);
        }

        var sumLat = lat.ToArray();
        var sumLon = lon.ToArray();
        var size = new int[n];
        var countT = halfPairsInYear.ToArray();
        var countP = halfPairsInPreviousYear.ToArray();
        var mergedInto = new int[n];
        var alive = n;
        for (var i = 0; i < n; i++)
        {
            size[i] = 1;
            mergedInto[i] = -1;
        }

        while (true)
        {
            var worst = -1;
            var worstCount = int.MaxValue;
            for (var i = 0; i < n; i++)
            {
                if (mergedInto[i] >= 0)
                {
                    continue;
                }

                var c = Math.Min(countT[i], countP[i]);
                if (c < threshold && c < worstCount)
                {
                    worst = i;
                    worstCount = c;
                }
            }

            if (worst < 0)
            {
                break;
            }

            if (alive == 1)
            {
                return Assemble(mergedInto, supertractOf, reached: false);
            }

            var nearest = Nearest(worst, sumLat, sumLon, size, mergedInto);
            var (keep, gone) = worst < nearest ? (worst, nearest) : (nearest, worst);
            sumLat[keep] += sumLat[gone];
            sumLon[keep] += sumLon[gone];
            size[keep] += size[gone];
            countT[keep] += countT[gone];
            countP[keep] += countP[gone];
            mergedInto[gone] = keep;
            alive--;
        }

        return Assemble(mergedInto, supertractOf, reached: true);
    }

    private static int Nearest(int from, double[] sumLat, double[] sumLon, int[] size, int[] mergedInto)
    {
        var lat = sumLat[from] / size[from];
        var lon = sumLon[from] / size[from];
        var scale = Math.Cos(lat * Math.PI / 180.0);
        var best = -1;
        var bestDistance = double.PositiveInfinity;
        for (var j = 0; j < sumLat.Length; j++)
        {
            if (j == from || mergedInto[j] >= 0)
            {
                continue;
            }

            var dy = sumLat[j] / size[j] - lat;
            var dx = (sumLon[j] / size[j] - lon) * scale;
            var d = dx * dx + dy * dy;
            if (d < bestDistance || best < 0)
            {
                best = j;
                bestDistance = d;
            }
        }

        return best;
    }

    private static SupertractPartition Assemble(int[] mergedInto, int[] supertractOf, bool reached)
    {
        var n = mergedInto.Length;
        var rootIndex = new int[n];
        Array.Fill(rootIndex, -1);
        var members = new List<List<int>>();
        for (var i = 0; i < n; i++)
        {
            var root = i;
            while (mergedInto[root] >= 0)
            {
                root = mergedInto[root];
            }

            if (rootIndex[root] < 0)
            {
                rootIndex[root] = members.Count;
                members.Add([]);
            }

            supertractOf[i] = rootIndex[root];
            members[rootIndex[root]].Add(i);
        }

        return new SupertractPartition(supertractOf, members.Select(m => m.ToArray()).ToArray(), reached);
    }
}
