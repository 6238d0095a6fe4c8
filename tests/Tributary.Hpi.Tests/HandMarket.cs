using System.Text;
using Tributary.Hpi.Input;
using Tributary.Hpi.Pairs;
using Tributary.Hpi.Partitioning;

namespace Tributary.Hpi.Tests;

/// <summary>Small hand-built inputs for hand-worked cases.</summary>
internal static class HandMarket
{
    public const string TractHeader = "census_tract,cbsa_code,centroid_lat,centroid_lon,housing_units,housing_value,upb,college_share,nonwhite_share";
    public const string TransactionHeader = "property_id,transaction_date,price,census_tract,cbsa_code";

    public static TractInfo Tract(string code, double lat = 40, double lon = -75, double units = 100, double value = 1e7, double upb = 5e6,
        double college = 0.3, double nonwhite = 0.3) => new(code, "10000", lat, lon, units, value, upb, college, nonwhite);

    public static int Day(string date) => DateOnly.ParseExact(date, "yyyy-MM-dd").DayNumber;

    /// <summary>A market from (tract index, first date, second date, first price, second price) tuples.</summary>
    public static CbsaMarket Market(IReadOnlyList<TractInfo> tracts, IEnumerable<(int Tract, string D0, string D1, double P0, double P1)> pairs,
        IReadOnlyList<TractYearMeasure>? tractYears = null)
    {
        var list = pairs.ToArray();
        return new CbsaMarket("10000", tracts, tractYears ?? [], new RepeatSalePairs(
            list.Select(p => p.Tract).ToArray(), list.Select(p => Day(p.D0)).ToArray(), list.Select(p => Day(p.D1)).ToArray(),
            list.Select(p => p.P0).ToArray(), list.Select(p => p.P1).ToArray()));
    }

    public static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>Parses CSV text as the CLI would parse files named tracts.csv and transactions.csv.</summary>
    public static HpiDataset Load(string transactionsCsv, string tractsCsv, bool skipInvalid = false)
    {
        var rejects = new RejectLog();
        var tracts = TractReader.Read(Stream(tractsCsv), "tracts.csv", skipInvalid, rejects);
        var tx = TransactionReader.Read(Stream(transactionsCsv), "transactions.csv", tracts, skipInvalid, rejects);
        return new HpiDataset(tracts, [], tx, rejects);
    }
}
