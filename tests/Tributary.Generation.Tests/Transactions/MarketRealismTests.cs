using Tributary.Generation.Anomalies;
using Tributary.Generation.Batches;
using Tributary.Generation.Fraud;
using Tributary.Generation.Reference;
using Tributary.Generation.Transactions;

namespace Tributary.Generation.Tests.Transactions;

public class MarketRealismTests
{
    [Fact]
    public void Diwali_is_busier_than_every_ordinary_day_of_the_surrounding_fortnight()
    {
        // Generate only the batches that cover October 12-26 2025 (Diwali on the 20th), as an activity would.
        var spec = RunFixtures.Spec(3, 10_000_000, 20_000);
        var reference = ReferenceData.For(spec);
        var meanGap = 86_400.0 / reference.DailyTransactions;
        var from = DayStart(new DateOnly(2025, 10, 12));
        var to = DayStart(new DateOnly(2025, 10, 27));
        var plan = BatchPlan.For(spec);
        var slices = plan.Slices.Where(s =>
            TransactionGenerator.StartOf(s.FirstRow + s.Count, meanGap) > from && TransactionGenerator.StartOf(s.FirstRow, meanGap) < to).ToList();

        var perDay = new Dictionary<DateOnly, int>();
        foreach (var slice in slices)
        {
            var generator = new TransactionGenerator(spec, reference, slice);
            var tx = default(Transaction);
            while (generator.Next(ref tx))
            {
                if (tx.UnixSeconds >= from && tx.UnixSeconds < to)
                {
                    var day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(tx.UnixSeconds + MarketCalendar.IstOffsetSeconds).UtcDateTime);
                    perDay[day] = perDay.GetValueOrDefault(day) + 1;
                }
            }
        }

        var diwali = perDay[new DateOnly(2025, 10, 20)];
        var ordinary = perDay.Where(d => !MarketCalendar.Describe(DayIndex(d.Key)).IsFestival).Select(d => d.Value).ToArray();
        Assert.Equal(15, perDay.Count);
        Assert.True(diwali > 1.35 * ordinary.Average(), $"Diwali {diwali} vs ordinary mean {ordinary.Average():F0}");
        Assert.True(ordinary.Max() < diwali);
    }

    [Fact]
    public void Small_upi_payments_dominate_and_evenings_are_busier_than_nights()
    {
        var spec = RunFixtures.Spec(4, 60_000, 60_000);
        var rows = RunFixtures.Generate(spec, ReferenceData.For(spec));

        var upiSmall = rows.Count(r => r.Channel == Channel.Upi && r.AmountPaise < 50_000);
        var largestOther = Enum.GetValues<Channel>().Where(c => c != Channel.Upi).Max(c => rows.Count(r => r.Channel == c));
        Assert.True(upiSmall > largestOther, $"{upiSmall} small UPI payments vs {largestOther} in the next channel");
        Assert.True(rows.Count(r => r.AmountPaise < 50_000) > rows.Count / 3);

        var evening = rows.Count(r => TransactionGenerator.HourOf(r.UnixSeconds) is >= 18 and < 22);
        var night = rows.Count(r => TransactionGenerator.HourOf(r.UnixSeconds) is >= 1 and < 5);
        Assert.True(evening > 10 * night, $"evening {evening}, night {night}");
    }

    [Fact]
    public void Customers_keep_their_home_city_devices_and_spending_level()
    {
        var spec = RunFixtures.Spec(8, 100_000, 50_000, 0.02);
        var reference = ReferenceData.For(spec);
        var genuine = RunFixtures.Generate(spec, reference).Where(r => r.Fraud == FraudType.None && r.Anomaly == AnomalyType.None).ToList();

        var atHome = genuine.Count(r => r.City == reference.Customers[r.Customer].HomeCity);
        Assert.True(atHome > 0.99 * genuine.Count, $"{atHome} of {genuine.Count} genuine payments in the home city");
        Assert.DoesNotContain(genuine, r => r.DeviceType is DeviceType.Mobile or DeviceType.Web && !reference.Customers[r.Customer].OwnsDevice(r.Device));

        // Big spenders (top quarter of spend scale) pay more at the same category than small spenders (bottom quarter).
        var grocery = MerchantCategories.IndexOf("grocery");
        var scales = reference.Customers.Select(c => c.SpendScale).Order().ToArray();
        double Median(IEnumerable<Transaction> xs) => xs.Select(x => x.AmountPaise).Order().ElementAt(xs.Count() / 2);
        var big = genuine.Where(r => r.Category == grocery && reference.Customers[r.Customer].SpendScale > scales[3 * scales.Length / 4]).ToList();
        var small = genuine.Where(r => r.Category == grocery && reference.Customers[r.Customer].SpendScale < scales[scales.Length / 4]).ToList();
        Assert.True(Median(big) > 2 * Median(small));
    }

    private static long DayStart(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromSeconds(MarketCalendar.IstOffsetSeconds)).ToUnixTimeSeconds();

    private static int DayIndex(DateOnly day) => day.DayNumber - new DateOnly(2025, 1, 1).DayNumber;
}
