using Tributary.Generation.Random;
using Tributary.Generation.Reference;

namespace Tributary.Generation.Transactions;

/// <summary>
/// Fills a genuine payment for a customer in a category: picks a merchant (half the time the customer's regular one,
/// in-store merchants from the home city), an amount from the merchant's ticket scaled by the customer's spend,
/// a channel from the category's mix, the device and the status. Fraud and anomaly builders start from it.
/// </summary>
public sealed class PaymentFactory
{
    /// <summary>Device ids above this are devices no customer registered (fraudsters' or new phones).</summary>
    public const long UnknownDeviceBase = 1L << 40;

    /// <summary>Card terminals: this plus the merchant id.</summary>
    public const long PosDeviceBase = 2L << 40;

    /// <summary>ATMs: this plus the merchant id.</summary>
    public const long AtmDeviceBase = 3L << 40;

    internal static readonly int P2p = MerchantCategories.IndexOf("p2p_transfer");
    internal static readonly int Atm = MerchantCategories.IndexOf("atm");
    private static readonly int Recharge = MerchantCategories.IndexOf("mobile_recharge");
    private static readonly double[] RechargePlans = [199, 239, 299, 349, 479, 599, 719, 859];

    /// <summary>The reference tables payments draw from.</summary>
    public ReferenceData Reference { get; }

    public PaymentFactory(ReferenceData reference) => Reference = reference;

    /// <summary>Fills every field of <paramref name="tx"/> except id and timestamp.</summary>
    public void Fill(ref Transaction tx, ref Xoshiro256 rng, int customerId, int category, double spendBoost)
    {
        ref readonly var customer = ref Reference.Customers[customerId];
        var merchantId = PickMerchant(ref rng, customerId, customer.HomeCity, category);
        ref readonly var merchant = ref Reference.Merchants[merchantId];
        tx.Customer = customerId;
        tx.Merchant = merchantId;
        tx.Category = (byte)category;
        tx.AmountPaise = ToPaise(ref rng, Amount(ref rng, in customer, in merchant, spendBoost));
        tx.Channel = (Channel)Reference.ChannelByCategory[category].Sample(ref rng);
        SetDevice(ref tx, ref rng, in customer, in merchant);
        tx.City = merchant.IsOnline ? customer.HomeCity : merchant.City;
        tx.Status = Status(ref rng, tx.AmountPaise, merchant.IsOnline, tx.Channel);
        tx.Fraud = Fraud.FraudType.None;
        tx.Anomaly = Anomalies.AnomalyType.None;
    }

    /// <summary>Picks a merchant: online with the category's online share, else an in-store one in <paramref name="city"/>.</summary>
    public int PickMerchant(ref Xoshiro256 rng, int customerId, int city, int category)
    {
        if (category == P2p)
        {
            return Regular(ref rng, customerId, category, Reference.OrdinaryPayees);
        }

        var online = Reference.Online(category);
        if (online.Length > 0 && rng.NextDouble() < MerchantCategories.All[category].OnlineShare)
        {
            return Regular(ref rng, customerId, category, online);
        }

        return Regular(ref rng, customerId, category, Reference.Offline(category, city));
    }

    /// <summary>Sets device and device type the way a genuine payment of this channel and merchant uses them.</summary>
    public static void SetDevice(ref Transaction tx, ref Xoshiro256 rng, in Customer customer, in Merchant merchant)
    {
        if (tx.Channel == Channel.CashWithdrawal)
        {
            tx.Device = AtmDeviceBase + merchant.Id;
            tx.DeviceType = DeviceType.Atm;
        }
        else if (!merchant.IsOnline && tx.Channel == Channel.Card)
        {
            tx.Device = PosDeviceBase + merchant.Id;
            tx.DeviceType = DeviceType.Pos;
        }
        else if (customer.HasSecondDevice && rng.Chance(0.25))
        {
            tx.Device = customer.SecondaryDevice;
            tx.DeviceType = merchant.IsOnline ? DeviceType.Web : DeviceType.Mobile;
        }
        else
        {
            tx.Device = customer.PrimaryDevice;
            tx.DeviceType = DeviceType.Mobile;
        }
    }

    /// <summary>A device id nobody has used in this run's reference data.</summary>
    public static long NewDevice(ref Xoshiro256 rng) => UnknownDeviceBase + (long)(rng.NextUInt64() >> 24);

    /// <summary>Rupees to paise: most Indian payments are whole rupees, about a third carry paise.</summary>
    public static long ToPaise(ref Xoshiro256 rng, double rupees)
    {
        rupees = Math.Clamp(rupees, 1.0, 500_000.0);
        return rng.Chance(0.7) ? (long)Math.Round(rupees) * 100 : (long)Math.Round(rupees * 100);
    }

    /// <summary>The customer's usual ticket at a category (rupees), the yardstick for "x times the usual".</summary>
    public static double UsualTicket(in Customer customer, int category) =>
        MerchantCategories.All[category].TypicalTicketInr * customer.SpendScale;

    private static double Amount(ref Xoshiro256 rng, in Customer customer, in Merchant merchant, double boost)
    {
        if (merchant.Category == Recharge)
        {
            return RechargePlans[rng.NextInt(RechargePlans.Length)];
        }

        var rupees = merchant.TypicalTicketInr * customer.SpendScale * boost *
                     Math.Exp((customer.AmountSigma * rng.NextGaussian()) - (0.5 * customer.AmountSigma * customer.AmountSigma));
        if (merchant.Category == Atm)
        {
            return Math.Clamp(Math.Round(rupees / 500) * 500, 500, 20_000);
        }

        return merchant.Category == P2p && rng.Chance(0.5) ? Math.Max(10, Math.Round(rupees / 10) * 10) : rupees;
    }

    private static TransactionStatus Status(ref Xoshiro256 rng, long paise, bool online, Channel channel)
    {
        var u = rng.NextDouble();
        var declined = paise > 5_000_000 ? 0.04 : 0.012;
        if (u < declined)
        {
            return TransactionStatus.Declined;
        }

        if (online && u < declined + 0.004)
        {
            return TransactionStatus.Refunded;
        }

        return online && channel == Channel.Card && u < declined + 0.0045
            ? TransactionStatus.Chargeback
            : TransactionStatus.Approved;
    }

    private static int Regular(ref Xoshiro256 rng, int customerId, int category, ReadOnlySpan<int> list)
    {
        // Half the time the customer's regular merchant (a stable hash), so customers keep their habits.
        if (rng.Chance(0.5))
        {
            var h = SplitMix64.Mix(((ulong)(uint)customerId << 8) | (uint)category);
            return list[(int)(h % (ulong)list.Length)];
        }

        return list[rng.NextInt(list.Length)];
    }
}
