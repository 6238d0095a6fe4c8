using Tributary.Generation.Anomalies;
using Tributary.Generation.Fraud;
using Tributary.Generation.Reference;
using Tributary.Generation.Transactions;

namespace Tributary.Generation.Tests.Fraud;

/// <summary>Each fraud type, found in a large enough run, shows the signature its one-line description promises.</summary>
public class FraudSignatureTests
{
    private static readonly Lazy<(ReferenceData Ref, List<Transaction> Rows)> Run = new(() =>
    {
        var spec = RunFixtures.Spec(99, 300_000, 100_000, 0.06);
        var reference = ReferenceData.For(spec);
        return (reference, RunFixtures.Generate(spec, reference));
    });

    private static ReferenceData Ref => Run.Value.Ref;

    private static List<Transaction> Of(FraudType type) => Run.Value.Rows.Where(r => r.Fraud == type).ToList();

    /// <summary>Rows of a type grouped into episodes: same customer (or merchant), consecutive in time within a gap.</summary>
    private static List<List<Transaction>> Episodes(FraudType type, Func<Transaction, long> key, long maxGapSeconds) =>
        Of(type).GroupBy(key).SelectMany(g =>
        {
            var episodes = new List<List<Transaction>>();
            foreach (var row in g.OrderBy(r => r.UnixSeconds).ThenBy(r => r.Id))
            {
                if (episodes.Count == 0 || row.UnixSeconds - episodes[^1][^1].UnixSeconds > maxGapSeconds)
                {
                    episodes.Add([]);
                }

                episodes[^1].Add(row);
            }

            return episodes;
        }).ToList();

    private static double Rupees(Transaction t) => t.AmountPaise / 100.0;

    [Fact]
    public void Every_fraud_type_appears_in_a_large_run()
    {
        foreach (var pattern in FraudCatalog.All)
        {
            Assert.True(Of(pattern.Type).Count >= 20, $"{pattern.Label} appeared {Of(pattern.Type).Count} times");
        }

        Assert.Equal(15, FraudCatalog.All.Count);
        Assert.True(AnomalyCatalog.All.Count >= 10);
    }

    [Fact]
    public void Card_testing_is_a_burst_of_small_online_card_payments()
    {
        var episodes = Episodes(FraudType.CardTesting, r => r.Customer, 120);
        Assert.All(Of(FraudType.CardTesting), r =>
        {
            Assert.True(Rupees(r) < 100);
            Assert.Equal(Channel.Card, r.Channel);
            Assert.True(Ref.Merchants[r.Merchant].IsOnline);
        });
        Assert.All(episodes, e =>
        {
            Assert.InRange(e.Count, 5, 8);
            Assert.True(e[^1].UnixSeconds - e[0].UnixSeconds <= 600);
        });
        Assert.True(Of(FraudType.CardTesting).Count(r => r.Status == TransactionStatus.Declined) > Of(FraudType.CardTesting).Count / 3);
    }

    [Fact]
    public void Account_takeover_uses_an_unknown_device_in_another_city_for_large_transfers()
    {
        Assert.All(Of(FraudType.AccountTakeover), r =>
        {
            var customer = Ref.Customers[r.Customer];
            Assert.False(customer.OwnsDevice(r.Device));
            Assert.NotEqual(customer.HomeCity, r.City);
            Assert.True(Rupees(r) >= 7.9 * PaymentFactory.UsualTicket(in customer, r.Category));
            Assert.Contains(r.Channel, new[] { Channel.NetBanking, Channel.Upi });
        });
    }

    [Fact]
    public void Velocity_burst_is_six_or_more_payments_at_different_merchants_within_five_minutes()
    {
        Assert.All(Episodes(FraudType.VelocityBurst, r => r.Customer, 60), e =>
        {
            Assert.InRange(e.Count, 6, 10);
            Assert.True(e[^1].UnixSeconds - e[0].UnixSeconds <= 300);
            Assert.True(e.Select(r => r.Merchant).Distinct().Count() >= 2);
        });
    }

    [Fact]
    public void Impossible_travel_pairs_are_farther_apart_than_any_flight_could_cover()
    {
        // Group by customer within 3 h; a customer rarely has two episodes that close, and then they come as 2 + 2 rows.
        var groups = Episodes(FraudType.ImpossibleTravel, r => r.Customer, 3 * 3600);
        Assert.All(groups, g => Assert.Equal(0, g.Count % 2));
        var pairs = groups.SelectMany(g => g.Chunk(2)).ToList();
        Assert.True(pairs.Count >= 100);
        Assert.All(pairs, e =>
        {
            var km = Cities.Distance(e[0].City, e[1].City);
            var hours = (e[1].UnixSeconds - e[0].UnixSeconds) / 3600.0;
            Assert.True(km >= 1000, $"{km} km");
            Assert.True(km / hours > 1000, $"{km / hours:F0} km/h is feasible");
            Assert.All(e, r => Assert.Equal(DeviceType.Pos, r.DeviceType));
        });
    }

    [Fact]
    public void Merchant_collusion_pays_round_thousands_to_colluding_merchants()
    {
        Assert.All(Of(FraudType.MerchantCollusion), r =>
        {
            Assert.True(Ref.Merchants[r.Merchant].IsColluding);
            Assert.Equal(0, r.AmountPaise % 100_000);
            Assert.InRange(Rupees(r), 5_000, 50_000);
        });
    }

    [Fact]
    public void Refund_abuse_is_repeated_refunds_at_one_online_merchant()
    {
        Assert.All(Episodes(FraudType.RefundAbuse, r => r.Customer, 2400), e =>
        {
            Assert.InRange(e.Count, 3, 5);
            Assert.Single(e.Select(r => r.Merchant).Distinct());
            Assert.All(e, r => Assert.Equal(TransactionStatus.Refunded, r.Status));
            Assert.True(Ref.Merchants[e[0].Merchant].IsOnline);
        });
    }

    [Fact]
    public void Sim_swap_drains_by_upi_from_an_unregistered_phone()
    {
        Assert.All(Of(FraudType.SimSwap), r =>
        {
            Assert.False(Ref.Customers[r.Customer].OwnsDevice(r.Device));
            Assert.Equal(Channel.Upi, r.Channel);
            Assert.Equal(DeviceType.Mobile, r.DeviceType);
            Assert.InRange(Rupees(r), 20_000, 90_000);
        });
    }

    [Fact]
    public void Mule_fan_in_is_many_distinct_payers_into_one_mule_within_an_hour()
    {
        var episodes = Episodes(FraudType.MuleFanIn, r => r.Merchant, 400);
        Assert.All(episodes, e =>
        {
            Assert.True(Ref.Merchants[e[0].Merchant].IsMule);
            Assert.Equal(e.Count, e.Select(r => r.Customer).Distinct().Count());
            Assert.All(e, r => Assert.Equal(Channel.Upi, r.Channel));
        });
        // Separate episodes can hit the same mule back to back; most are one episode of 5-10 payers within the hour.
        Assert.True(episodes.Count(e => e.Count >= 5 && e[^1].UnixSeconds - e[0].UnixSeconds <= 3600) >= episodes.Count * 0.9);
    }

    [Fact]
    public void Atm_cash_out_is_repeated_large_round_withdrawals_within_an_hour()
    {
        Assert.All(Episodes(FraudType.AtmCashOut, r => r.Customer, 900), e =>
        {
            Assert.InRange(e.Count, 3, 5);
            Assert.True(e[^1].UnixSeconds - e[0].UnixSeconds <= 3600);
            Assert.All(e, r =>
            {
                Assert.Equal(Channel.CashWithdrawal, r.Channel);
                Assert.Equal(0, r.AmountPaise % 500_000);
                Assert.InRange(Rupees(r), 10_000, 20_000);
            });
        });
    }

    [Fact]
    public void Phishing_is_a_large_upi_transfer_from_the_victims_own_phone()
    {
        Assert.All(Of(FraudType.Phishing), r =>
        {
            var customer = Ref.Customers[r.Customer];
            Assert.True(customer.OwnsDevice(r.Device));
            Assert.Equal(Channel.Upi, r.Channel);
            Assert.Equal("p2p_transfer", MerchantCategories.All[r.Category].Name);
            Assert.True(Rupees(r) >= 9.9 * PaymentFactory.UsualTicket(in customer, r.Category));
        });
    }

    [Fact]
    public void Card_cloning_is_an_in_store_card_payment_far_from_home()
    {
        Assert.All(Of(FraudType.CardCloning), r =>
        {
            Assert.Equal(Channel.Card, r.Channel);
            Assert.False(Ref.Merchants[r.Merchant].IsOnline);
            Assert.True(Cities.Distance(Ref.Customers[r.Customer].HomeCity, r.City) >= 500);
        });
    }

    [Fact]
    public void Structuring_stays_just_under_the_reporting_threshold()
    {
        Assert.All(Of(FraudType.Structuring), r => Assert.InRange(Rupees(r), 45_000, 49_999.99));
        Assert.All(Episodes(FraudType.Structuring, r => r.Customer, 14_400), e => Assert.InRange(e.Count, 3, 5));
    }

    [Fact]
    public void Promo_abuse_repeats_one_small_wallet_amount_at_one_merchant_from_fresh_devices()
    {
        Assert.All(Episodes(FraudType.PromoAbuse, r => r.Customer, 600), e =>
        {
            Assert.InRange(e.Count, 4, 6);
            Assert.Single(e.Select(r => (r.Merchant, r.AmountPaise)).Distinct());
            Assert.Equal(e.Count, e.Select(r => r.Device).Distinct().Count());
            Assert.All(e, r => Assert.Equal(Channel.Wallet, r.Channel));
        });
    }

    [Fact]
    public void Bust_out_amounts_rise_strictly_to_twenty_times_the_usual_ticket()
    {
        Assert.All(Episodes(FraudType.BustOut, r => r.Customer, 43_200), e =>
        {
            Assert.InRange(e.Count, 3, 5);
            for (var i = 1; i < e.Count; i++)
            {
                Assert.True(e[i].AmountPaise > e[i - 1].AmountPaise);
            }

            var usual = PaymentFactory.UsualTicket(in Ref.Customers[e[^1].Customer], e[^1].Category);
            Assert.True(Rupees(e[^1]) >= Math.Min(19.9 * usual, FraudEpisodeBuilder.BustOutCeiling - 1));
        });
    }

    [Fact]
    public void Friendly_fraud_is_an_online_card_purchase_charged_back()
    {
        Assert.All(Of(FraudType.FriendlyFraud), r =>
        {
            Assert.Equal(TransactionStatus.Chargeback, r.Status);
            Assert.Equal(Channel.Card, r.Channel);
            Assert.True(Ref.Merchants[r.Merchant].IsOnline);
        });
    }

    [Fact]
    public void Rows_of_a_batch_are_in_time_order_and_ids_are_unique()
    {
        var rows = Run.Value.Rows;
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct().Count());
        for (var i = 1; i < rows.Count; i++)
        {
            if (rows[i].Id % 100_000 != 0)
            {
                Assert.True(rows[i].UnixSeconds >= rows[i - 1].UnixSeconds, $"row {rows[i].Id} goes back in time");
            }
        }
    }
}
