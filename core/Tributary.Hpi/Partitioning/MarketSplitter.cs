using Tributary.Hpi.Input;
using Tributary.Hpi.Pairs;

namespace Tributary.Hpi.Partitioning;

/// <summary>The result of splitting a dataset: one market per CBSA (ordered by CBSA code) and the pairs that could not be used.</summary>
/// <param name="PairsAcrossTracts">Consecutive sales of one property recorded in two different tracts: no pair is formed.</param>
public sealed record MarketSplit(IReadOnlyList<CbsaMarket> Markets, long PairsAcrossTracts);

/// <summary>Builds repeat-sales pairs from a dataset's transactions and splits them, with tracts and measures, by CBSA.</summary>
public static class MarketSplitter
{
    /// <summary>Splits a dataset. Every CBSA with at least one tract gets a market, even without pairs.</summary>
    public static MarketSplit Split(HpiDataset dataset)
    {
        var layout = new CbsaLayout(dataset.Tracts);
        var cbsaOf = layout.CbsaOf;
        var localOf = layout.LocalOf;
        var tx = dataset.Transactions;
        var order = SortByPropertyAndDay(tx);
        var property = tx.Property;
        var tract = tx.Tract;

        // Two passes over consecutive sales: count pairs per CBSA, then fill exactly sized arrays.
        var counts = new int[layout.Count];
        long acrossTracts = 0;
        for (var k = 1; k < order.Length; k++)
        {
            int a = order[k - 1], b = order[k];
            if (property[a] != property[b])
            {
                continue;
            }

            if (tract[a] != tract[b])
            {
                acrossTracts++;
                continue;
            }

            counts[cbsaOf[tract[b]]]++;
        }

        var columns = counts.Select(n => (T: new int[n], D0: new int[n], D1: new int[n], P0: new double[n], P1: new double[n])).ToArray();
        var fill = new int[layout.Count];
        var day = tx.Day;
        var price = tx.Price;
        for (var k = 1; k < order.Length; k++)
        {
            int a = order[k - 1], b = order[k];
            if (property[a] != property[b] || tract[a] != tract[b])
            {
                continue;
            }

            var c = cbsaOf[tract[b]];
            var i = fill[c]++;
            var col = columns[c];
            col.T[i] = localOf[tract[b]];
            col.D0[i] = day[a];
            col.D1[i] = day[b];
            col.P0[i] = price[a];
            col.P1[i] = price[b];
        }

        var tractYearsByCbsa = layout.TractYears(dataset.TractYears);
        var markets = new CbsaMarket[layout.Count];
        for (var c = 0; c < layout.Count; c++)
        {
            var tracts = layout.Tracts(c);
            var col = columns[c];
            markets[c] = new CbsaMarket(tracts[0].CbsaCode, tracts, tractYearsByCbsa[c],
                new RepeatSalePairs(col.T, col.D0, col.D1, col.P0, col.P1));
        }

        return new MarketSplit(markets, acrossTracts);
    }

    /// <summary>Row order sorted by (property, day); ties keep file order, so duplicates pair up predictably.</summary>
    private static int[] SortByPropertyAndDay(TransactionTable tx)
    {
        var n = tx.Count;
        var keys = new long[n];
        var order = new int[n];
        var property = tx.Property;
        var day = tx.Day;
        for (var i = 0; i < n; i++)
        {
            keys[i] = ((long)property[i] << 32) | (uint)day[i];
            order[i] = i;
        }

        Array.Sort(keys, order);
        // Array.Sort is unstable: put rows of equal (property, day) back in file order so results never depend on it.
        for (var i = 1; i < n;)
        {
            var j = i;
            while (j < n && keys[j] == keys[i - 1])
            {
                j++;
            }

            if (j > i)
            {
                Array.Sort(order, i - 1, j - i + 1);
            }

            i = j + 1;
        }

        return order;
    }
}
