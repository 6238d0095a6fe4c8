using Tributary.Generation.Random;
using Tributary.Generation.Reference;
using Tributary.Generation.Transactions;

namespace Tributary.Generation.Fraud;

/// <summary>
/// Writes the rows of one fraud episode. Each case of <see cref="Build"/> produces exactly the signature documented
/// in <see cref="FraudCatalog"/>; rows carry their own timestamps (start plus offsets) and the generator interleaves
/// them with genuine traffic in time order.
/// </summary>
public sealed class FraudEpisodeBuilder
{
    private static readonly int[] CardTestingCategories = Categories("ecommerce", "gaming", "entertainment", "food_delivery");
    private static readonly int[] RefundCategories = Categories("ecommerce", "apparel", "electronics");
    private static readonly int[] InStoreCategories = Categories("electronics", "jewellery", "apparel", "fuel", "restaurant");
    private static readonly int[] PromoCategories = Categories("food_delivery", "ecommerce", "mobile_recharge");
    private static readonly int[] BustOutCategories = Categories("electronics", "apparel", "ecommerce");
    private static readonly int[] BurstCategories = Categories("ecommerce", "food_delivery", "apparel", "entertainment", "grocery");
    private static readonly double[] PromoAmounts = [99, 100, 149, 199, 249];

    /// <summary>Largest final bust-out purchase in rupees.</summary>
    public const double BustOutCeiling = 490_000;

    private readonly PaymentFactory _payments;
    private readonly ReferenceData _ref;

    public FraudEpisodeBuilder(PaymentFactory payments)
    {
        _payments = payments;
        _ref = payments.Reference;
    }

    /// <summary>Fills up to <paramref name="rows"/>.Length rows of an episode starting at <paramref name="start"/>; returns the row count.</summary>
    public int Build(FraudType type, Span<Transaction> rows, ref Xoshiro256 rng, long start, int customerId)
    {
        var pattern = FraudCatalog.Of(type);
        var n = rng.NextInt(pattern.MinRows, pattern.MaxRows + 1);
        ref readonly var customer = ref _ref.Customers[customerId];
        var t = start;
        var device = PaymentFactory.NewDevice(ref rng);
        switch (type)
        {
            case FraudType.CardTesting:
            {
                var merchant = OnlineMerchant(ref rng, CardTestingCategories);
                var city = rng.NextInt(Cities.Count);
                for (var i = 0; i < n; i++, t += rng.NextInt(10, 61))
                {
                    Online(ref rows[i], ref rng, customerId, merchant, t, rng.NextInt(1, 100) * 100L, Channel.Card, device, DeviceType.Web, city);
                    rows[i].Status = i < n - 1 && rng.Chance(0.7) ? TransactionStatus.Declined : TransactionStatus.Approved;
                }

                break;
            }

            case FraudType.AccountTakeover:
            {
                var city = OtherCity(ref rng, customer.HomeCity);
                var channel = rng.Chance(0.5) ? Channel.NetBanking : Channel.Upi;
                for (var i = 0; i < n; i++, t += rng.NextInt(60, 601))
                {
                    var payee = Payee(ref rng, mule: rng.Chance(0.5));
                    var rupees = PaymentFactory.UsualTicket(in customer, PaymentFactory.P2p) * (8 + (22 * rng.NextDouble()));
                    Online(ref rows[i], ref rng, customerId, payee, t, Rupees(rupees), channel, device, DeviceType.Web, city);
                }

                break;
            }

            case FraudType.VelocityBurst:
                for (var i = 0; i < n; i++, t += rng.NextInt(5, 26))
                {
                    Genuine(ref rows[i], ref rng, customerId, BurstCategories[rng.NextInt(BurstCategories.Length)], t, 1.5);
                }

                break;

            case FraudType.ImpossibleTravel:
            {
                var from = rng.Chance(0.5) ? customer.HomeCity : rng.NextInt(Cities.Count);
                var to = FarCity(ref rng, from, 1000);
                var hours = (0.1 + (0.8 * rng.NextDouble())) * Cities.Distance(from, to) / 1000.0;
                InStore(ref rows[0], ref rng, customerId, InStoreCategories[rng.NextInt(InStoreCategories.Length)], from, t);
                InStore(ref rows[1], ref rng, customerId, InStoreCategories[rng.NextInt(InStoreCategories.Length)], to, t + Math.Max(60, (long)(hours * 3600)));
                n = 2;
                break;
            }

            case FraudType.MerchantCollusion:
            {
                var merchantId = _ref.ColludingMerchants[rng.NextInt(_ref.ColludingMerchants.Length)];
                ref readonly var merchant = ref _ref.Merchants[merchantId];
                for (var i = 0; i < n; i++, t += rng.NextInt(300, 3601))
                {
                    ref var row = ref rows[i];
                    _payments.Fill(ref row, ref rng, customerId, merchant.Category, 1.0);
                    row.Merchant = merchantId;
                    row.Category = merchant.Category;
                    row.Channel = Channel.Card;
                    row.AmountPaise = rng.NextInt(5, 51) * 100_000L;
                    PaymentFactory.SetDevice(ref row, ref rng, in customer, in merchant);
                    row.City = merchant.IsOnline ? customer.HomeCity : merchant.City;
                    row.Status = TransactionStatus.Approved;
                    row.UnixSeconds = t;
                }

                break;
            }

            case FraudType.RefundAbuse:
            {
                var category = RefundCategories[rng.NextInt(RefundCategories.Length)];
                var online = _ref.Online(category);
                var merchant = online[rng.NextInt(online.Length)];
                for (var i = 0; i < n; i++, t += rng.NextInt(300, 2401))
                {
                    Genuine(ref rows[i], ref rng, customerId, category, t, 1.2);
                    rows[i].Merchant = merchant;
                    rows[i].City = customer.HomeCity;
                    if (rows[i].Channel == Channel.CashWithdrawal)
                    {
                        rows[i].Channel = Channel.Card;
                    }

                    rows[i].Status = TransactionStatus.Refunded;
                }

                break;
            }

            case FraudType.SimSwap:
                for (var i = 0; i < n; i++, t += rng.NextInt(60, 901))
                {
                    Online(ref rows[i], ref rng, customerId, Payee(ref rng, mule: rng.Chance(0.5)), t,
                        rng.NextInt(20_000, 90_001) * 100L, Channel.Upi, device, DeviceType.Mobile, customer.HomeCity);
                }

                break;

            case FraudType.MuleFanIn:
            {
                var mule = _ref.MulePayees[rng.NextInt(_ref.MulePayees.Length)];
                var payer = customerId;
                for (var i = 0; i < n; i++, t += rng.NextInt(30, 401))
                {
                    payer = i == 0 ? payer : DistinctPayer(ref rng, rows[..i]);
                    ref readonly var c = ref _ref.Customers[payer];
                    Online(ref rows[i], ref rng, payer, mule, t, rng.NextInt(5_000, 45_001) * 100L, Channel.Upi,
                        c.PrimaryDevice, DeviceType.Mobile, c.HomeCity);
                }

                break;
            }

            case FraudType.AtmCashOut:
            {
                var city = rng.Chance(0.5) ? customer.HomeCity : rng.NextInt(Cities.Count);
                var atms = _ref.Offline(PaymentFactory.Atm, city);
                for (var i = 0; i < n; i++, t += rng.NextInt(120, 901))
                {
                    ref var row = ref rows[i];
                    var atm = atms[rng.NextInt(atms.Length)];
                    _payments.Fill(ref row, ref rng, customerId, PaymentFactory.Atm, 1.0);
                    row.Merchant = atm;
                    row.Channel = Channel.CashWithdrawal;
                    row.Device = PaymentFactory.AtmDeviceBase + atm;
                    row.DeviceType = DeviceType.Atm;
                    row.City = (byte)city;
                    row.AmountPaise = rng.NextInt(2, 5) * 500_000L;
                    row.Status = TransactionStatus.Approved;
                    row.UnixSeconds = t;
                }

                break;
            }

            case FraudType.Phishing:
            {
                var rupees = PaymentFactory.UsualTicket(in customer, PaymentFactory.P2p) * (10 + (30 * rng.NextDouble()));
                Online(ref rows[0], ref rng, customerId, Payee(ref rng, mule: rng.Chance(0.3)), t, Rupees(rupees),
                    Channel.Upi, customer.PrimaryDevice, DeviceType.Mobile, customer.HomeCity);
                break;
            }

            case FraudType.CardCloning:
            {
                var city = FarCity(ref rng, customer.HomeCity, 500);
                for (var i = 0; i < n; i++, t += rng.NextInt(600, 7201))
                {
                    InStore(ref rows[i], ref rng, customerId, InStoreCategories[rng.NextInt(InStoreCategories.Length)], city, t);
                }

                break;
            }

            case FraudType.Structuring:
            {
                var channel = rng.Chance(0.5) ? Channel.NetBanking : Channel.Upi;
                for (var i = 0; i < n; i++, t += rng.NextInt(1800, 14401))
                {
                    Online(ref rows[i], ref rng, customerId, Payee(ref rng, mule: rng.Chance(0.4)), t,
                        rng.NextInt(45_000, 50_000) * 100L, channel, customer.PrimaryDevice, DeviceType.Mobile, customer.HomeCity);
                }

                break;
            }

            case FraudType.PromoAbuse:
            {
                var merchant = OnlineMerchant(ref rng, PromoCategories);
                var paise = (long)(PromoAmounts[rng.NextInt(PromoAmounts.Length)] * 100);
                for (var i = 0; i < n; i++, t += rng.NextInt(60, 601))
                {
                    Online(ref rows[i], ref rng, customerId, merchant, t, paise, Channel.Wallet,
                        PaymentFactory.NewDevice(ref rng), DeviceType.Mobile, customer.HomeCity);
                }

                break;
            }

            case FraudType.BustOut:
            {
                var category = BustOutCategories[rng.NextInt(BustOutCategories.Length)];
                // Capped below the ₹5 lakh amount ceiling so the ramp stays strictly rising for the richest customers too.
                var final = Math.Min(PaymentFactory.UsualTicket(in customer, category) * (20 + (15 * rng.NextDouble())), BustOutCeiling);
                for (var i = 0; i < n; i++, t += rng.NextInt(3600, 43201))
                {
                    Genuine(ref rows[i], ref rng, customerId, category, t, 1.0);
                    rows[i].Channel = Channel.Card;
                    rows[i].AmountPaise = Rupees(final / Math.Pow(2, n - 1 - i));
                    rows[i].Status = TransactionStatus.Approved;
                }

                break;
            }

            case FraudType.FriendlyFraud:
            {
                var category = RefundCategories[rng.NextInt(RefundCategories.Length)];
                var online = _ref.Online(category);
                Genuine(ref rows[0], ref rng, customerId, category, t, 1.0);
                rows[0].Merchant = online[rng.NextInt(online.Length)];
                rows[0].City = customer.HomeCity;
                rows[0].Channel = Channel.Card;
                rows[0].Device = customer.PrimaryDevice;
                rows[0].DeviceType = DeviceType.Web;
                rows[0].Status = TransactionStatus.Chargeback;
                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "not a fraud pattern");
        }

        for (var i = 0; i < n; i++)
        {
            rows[i].Fraud = type;
            rows[i].Anomaly = Anomalies.AnomalyType.None;
        }

        return n;
    }

    /// <summary>The longest episode any pattern writes.</summary>
    public static int MaxRows => FraudCatalog.All.Max(p => p.MaxRows);

    private void Genuine(ref Transaction row, ref Xoshiro256 rng, int customerId, int category, long t, double boost)
    {
        _payments.Fill(ref row, ref rng, customerId, category, boost);
        row.UnixSeconds = t;
    }

    private void InStore(ref Transaction row, ref Xoshiro256 rng, int customerId, int category, int city, long t)
    {
        ref readonly var customer = ref _ref.Customers[customerId];
        _payments.Fill(ref row, ref rng, customerId, category, 1.3);
        var shops = _ref.Offline(category, city);
        var merchant = shops[rng.NextInt(shops.Length)];
        row.Merchant = merchant;
        row.Channel = Channel.Card;
        PaymentFactory.SetDevice(ref row, ref rng, in customer, in _ref.Merchants[merchant]);
        row.City = (byte)city;
        row.Status = TransactionStatus.Approved;
        row.UnixSeconds = t;
    }

    private void Online(
        ref Transaction row, ref Xoshiro256 rng, int customerId, int merchantId, long t, long paise, Channel channel,
        long device, DeviceType deviceType, int city)
    {
        row.Customer = customerId;
        row.Merchant = merchantId;
        row.Category = _ref.Merchants[merchantId].Category;
        row.AmountPaise = paise;
        row.Channel = channel;
        row.Device = device;
        row.DeviceType = deviceType;
        row.City = (byte)city;
        row.Status = rng.Chance(0.03) ? TransactionStatus.Declined : TransactionStatus.Approved;
        row.UnixSeconds = t;
    }

    private int OnlineMerchant(ref Xoshiro256 rng, int[] categories)
    {
        var online = _ref.Online(categories[rng.NextInt(categories.Length)]);
        return online[rng.NextInt(online.Length)];
    }

    private int Payee(ref Xoshiro256 rng, bool mule) =>
        mule ? _ref.MulePayees[rng.NextInt(_ref.MulePayees.Length)] : _ref.OrdinaryPayees[rng.NextInt(_ref.OrdinaryPayees.Length)];

    private int DistinctPayer(ref Xoshiro256 rng, ReadOnlySpan<Transaction> earlier)
    {
        while (true)
        {
            var candidate = _ref.CustomerByActivity.Sample(ref rng);
            var seen = false;
            foreach (ref readonly var row in earlier)
            {
                seen |= row.Customer == candidate;
            }

            if (!seen)
            {
                return candidate;
            }
        }
    }

    private static long Rupees(double rupees) => (long)Math.Round(Math.Clamp(rupees, 1, 500_000)) * 100;

    private static int OtherCity(ref Xoshiro256 rng, int home)
    {
        var city = rng.NextInt(Cities.Count - 1);
        return city >= home ? city + 1 : city;
    }

    /// <summary>A random city at least <paramref name="minKm"/> from <paramref name="from"/> (the farthest if none is).</summary>
    private static int FarCity(ref Xoshiro256 rng, int from, double minKm)
    {
        Span<int> candidates = stackalloc int[64];
        var count = 0;
        var farthest = from;
        for (var c = 0; c < Cities.Count; c++)
        {
            if (Cities.Distance(from, c) >= minKm)
            {
                candidates[count++] = c;
            }

            if (Cities.Distance(from, c) > Cities.Distance(from, farthest))
            {
                farthest = c;
            }
        }

        return count == 0 ? farthest : candidates[rng.NextInt(count)];
    }

    private static int[] Categories(params string[] names) => names.Select(MerchantCategories.IndexOf).ToArray();
}
