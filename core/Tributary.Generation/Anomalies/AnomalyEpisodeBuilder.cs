using Tributary.Generation.Random;
using Tributary.Generation.Reference;
using Tributary.Generation.Transactions;

namespace Tributary.Generation.Anomalies;

/// <summary>
/// Writes the rows of one anomaly: genuine behaviour that is out of the ordinary. Several are deliberately close to a
/// fraud signature (new device, travel, tiny amounts, double payments) so a model must learn more than one flag.
/// </summary>
public sealed class AnomalyEpisodeBuilder
{
    private static readonly int Utilities = MerchantCategories.IndexOf("utilities");

    private readonly PaymentFactory _payments;
    private readonly ReferenceData _ref;

    public AnomalyEpisodeBuilder(PaymentFactory payments)
    {
        _payments = payments;
        _ref = payments.Reference;
    }

    /// <summary>Fills the rows of one anomaly starting at <paramref name="start"/> (IST hour <paramref name="hour"/>); returns the row count.</summary>
    public int Build(AnomalyType type, Span<Transaction> rows, ref Xoshiro256 rng, long start, int hour, int customerId, double boost)
    {
        if (type == AnomalyType.UnusualHour)
        {
            customerId = CustomerAwayFromPeak(ref rng, hour, customerId);
        }

        ref readonly var customer = ref _ref.Customers[customerId];
        var category = _ref.CategoryBySegment[customer.Segment].Sample(ref rng);
        ref var row = ref rows[0];
        var n = 1;
        switch (type)
        {
            case AnomalyType.UnusualAmount:
                _payments.Fill(ref row, ref rng, customerId, category, boost);
                row.AmountPaise = PaymentFactory.ToPaise(ref rng, PaymentFactory.UsualTicket(in customer, category) * (6 + (9 * rng.NextDouble())));
                break;

            case AnomalyType.UnusualHour:
                _payments.Fill(ref row, ref rng, customerId, category, boost);
                break;

            case AnomalyType.UnusualLocation:
            {
                var city = rng.NextInt(Cities.Count);
                var shops = _ref.Offline(MerchantCategories.IndexOf("restaurant"), city);
                _payments.Fill(ref row, ref rng, customerId, MerchantCategories.IndexOf("restaurant"), boost);
                row.Merchant = shops[rng.NextInt(shops.Length)];
                row.City = (byte)city;
                break;
            }

            case AnomalyType.UnusualCategory:
                _payments.Fill(ref row, ref rng, customerId, RarestCategory(in customer, ref rng), boost);
                break;

            case AnomalyType.UnusualChannel:
            {
                _payments.Fill(ref row, ref rng, customerId, category, boost);
                row.Channel = RarestChannel(category);
                ref readonly var merchant = ref _ref.Merchants[row.Merchant];
                PaymentFactory.SetDevice(ref row, ref rng, in customer, in merchant);
                break;
            }

            case AnomalyType.RoundAmount:
                _payments.Fill(ref row, ref rng, customerId, rng.Chance(0.6) ? PaymentFactory.P2p : Utilities, boost);
                row.AmountPaise = rng.NextInt(1, 11) * 1_000_000L;
                break;

            case AnomalyType.DuplicatePayment:
                _payments.Fill(ref row, ref rng, customerId, category, boost);
                rows[1] = row;
                rows[1].UnixSeconds = start + rng.NextInt(5, 61);
                n = 2;
                break;

            case AnomalyType.MicroAmount:
                _payments.Fill(ref row, ref rng, customerId, category, boost);
                row.AmountPaise = rng.NextInt(1, 10) * 100L;
                break;

            case AnomalyType.DeclinedRetry:
                _payments.Fill(ref row, ref rng, customerId, category, boost);
                rows[1] = row;
                row.Status = TransactionStatus.Declined;
                rows[1].Status = TransactionStatus.Approved;
                rows[1].UnixSeconds = start + rng.NextInt(5, 46);
                n = 2;
                break;

            case AnomalyType.NewDevice:
                _payments.Fill(ref row, ref rng, customerId, category, boost);
                if (row.DeviceType is DeviceType.Mobile or DeviceType.Web)
                {
                    row.Device = PaymentFactory.NewDevice(ref rng);
                }
                else
                {
                    row.Channel = Channel.Upi;
                    row.Device = PaymentFactory.NewDevice(ref rng);
                    row.DeviceType = DeviceType.Mobile;
                }

                break;

            case AnomalyType.LargeCashWithdrawal:
            {
                _payments.Fill(ref row, ref rng, customerId, PaymentFactory.Atm, boost);
                row.AmountPaise = rng.NextInt(40, 101) * 50_000L;
                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "not an anomaly pattern");
        }

        row.UnixSeconds = start;
        for (var i = 0; i < n; i++)
        {
            rows[i].Anomaly = type;
            rows[i].Fraud = Fraud.FraudType.None;
        }

        return n;
    }

    /// <summary>Hours between two IST hours on the clock face (0-12).</summary>
    public static int HourDistance(int a, int b)
    {
        var d = Math.Abs(a - b);
        return Math.Min(d, 24 - d);
    }

    private int CustomerAwayFromPeak(ref Xoshiro256 rng, int hour, int fallback)
    {
        // Peak hours span 8-22, so some customers are always six or more hours away; a few draws find one.
        for (var i = 0; i < 64; i++)
        {
            var c = _ref.CustomerByActivity.Sample(ref rng);
            if (HourDistance(_ref.Customers[c].PeakHour, hour) >= 6)
            {
                return c;
            }
        }

        for (var c = 0; c < _ref.Customers.Length; c++)
        {
            if (HourDistance(_ref.Customers[c].PeakHour, hour) >= 6)
            {
                return c;
            }
        }

        return fallback;
    }

    private static int RarestCategory(in Customer customer, ref Xoshiro256 rng)
    {
        var weights = CustomerSegments.All[customer.Segment].CategoryWeights;
        Span<int> rare = stackalloc int[weights.Length];
        var count = 0;
        for (var c = 0; c < weights.Length; c++)
        {
            if (weights[c] <= 0.02 && c != PaymentFactory.Atm)
            {
                rare[count++] = c;
            }
        }

        return count == 0 ? MerchantCategories.IndexOf("jewellery") : rare[rng.NextInt(count)];
    }

    /// <summary>The least-used non-cash channel of a category (a channel is "unusual" there by construction).</summary>
    public static Channel RarestChannel(int category)
    {
        var mix = MerchantCategories.All[category].ChannelMix;
        var best = Channel.Wallet;
        var bestShare = double.MaxValue;
        for (var c = 0; c < Channels.Count - 1; c++)
        {
            if (mix[c] < bestShare)
            {
                best = (Channel)c;
                bestShare = mix[c];
            }
        }

        return best;
    }
}
