using Tributary.Generation.Anomalies;
using Tributary.Generation.Reference;
using Tributary.Generation.Transactions;

namespace Tributary.Generation.Features;

/// <summary>
/// Computes the <see cref="FeatureCatalog"/> features of each transaction in one streaming pass, in the order the
/// generator emits them (ascending time). History lives in flat per-customer and per-merchant ring buffers of the last
/// 16 payments, so a row costs a bounded amount of work and memory does not grow with the batch.
/// One extractor serves one batch: history starts empty at the batch's first row (the batch is its own history window).
/// </summary>
public sealed class FeatureExtractor
{
    /// <summary>Payments of history kept per customer and per merchant.</summary>
    public const int Ring = 16;

    private const double PriorWeight = 3.0;
    private const double NoPreviousSecondsLog = 13.3126; // ln(1 + 7 days)

    private readonly ReferenceData _ref;
    private readonly long[] _time;
    private readonly float[] _amount;
    private readonly int[] _merchant;
    private readonly byte[] _city;
    private readonly byte[] _status;
    private readonly long[] _paise;
    private readonly int[] _count;
    private readonly double[] _mean;
    private readonly double[] _m2;
    private readonly long[] _merchantTime;
    private readonly int[] _merchantPayer;
    private readonly int[] _merchantCount;
    private MarketCalendar.Day _day = MarketCalendar.Describe(0);

    public FeatureExtractor(ReferenceData reference)
    {
        _ref = reference;
        var customers = reference.Customers.Length;
        _time = new long[customers * Ring];
        _amount = new float[customers * Ring];
        _merchant = new int[customers * Ring];
        _city = new byte[customers * Ring];
        _status = new byte[customers * Ring];
        _paise = new long[customers * Ring];
        _count = new int[customers];
        _mean = new double[customers];
        _m2 = new double[customers];
        _merchantTime = new long[reference.Merchants.Length * Ring];
        _merchantPayer = new int[reference.Merchants.Length * Ring];
        _merchantCount = new int[reference.Merchants.Length];
    }

    /// <summary>Writes the features of <paramref name="tx"/> into <paramref name="f"/> (length ≥ <see cref="FeatureCatalog.Count"/>) and records it in history.</summary>
    public void Compute(in Transaction tx, Span<float> f)
    {
        ref readonly var c = ref _ref.Customers[tx.Customer];
        ref readonly var m = ref _ref.Merchants[tx.Merchant];
        var category = MerchantCategories.All[tx.Category];
        var rupees = tx.AmountPaise / 100.0;
        var logAmount = Math.Log(rupees);
        var now = tx.UnixSeconds;
        var cid = tx.Customer;
        var n = _count[cid];
        var kept = Math.Min(n, Ring);
        var baseIndex = cid * Ring;

        // Profile prior: the customer's usual ticket, so z-scores are meaningful from the first payment.
        var priorMean = Math.Log(PaymentFactory.UsualTicket(in c, tx.Category));
        var priorVar = c.AmountSigma * c.AmountSigma;
        var mean = n == 0 ? priorMean : ((_mean[cid] * n) + (priorMean * PriorWeight)) / (n + PriorWeight);
        var variance = n == 0 ? priorVar : (_m2[cid] + (priorVar * PriorWeight)) / (n + PriorWeight);
        var std = Math.Sqrt(Math.Max(variance, 0.01));
        var z = (logAmount - mean) / std;

        int c5m = 0, c1h = 0, c24h = 0, small1h = rupees < 100 ? 1 : 0, same1h = 0, declined1h = 0, refunds24h = 0, dup5m = 0;
        double sum1h = 0, sum24h = 0;
        var newMerchant = 1;
        var distinct1h = 0;
        Span<int> seenMerchants = stackalloc int[Ring];
        long prevTime = -1;
        var prevCity = c.HomeCity;
        var prevDeclined = 0;
        for (var k = 0; k < kept; k++)
        {
            var slot = baseIndex + ((n - 1 - k) % Ring); // newest first
            var age = now - _time[slot];
            if (k == 0)
            {
                prevTime = _time[slot];
                prevCity = _city[slot];
                prevDeclined = _status[slot] == (byte)TransactionStatus.Declined ? 1 : 0;
            }

            if (_merchant[slot] == tx.Merchant)
            {
                newMerchant = 0;
                if (age <= 300 && _paise[slot] == tx.AmountPaise)
                {
                    dup5m = 1;
                }
            }

            if (age <= 86_400)
            {
                c24h++;
                sum24h += _amount[slot];
                if (_status[slot] >= (byte)TransactionStatus.Refunded)
                {
                    refunds24h++;
                }
            }

            if (age <= 3600)
            {
                c1h++;
                sum1h += _amount[slot];
                small1h += _amount[slot] < 100 ? 1 : 0;
                same1h += _paise[slot] == tx.AmountPaise ? 1 : 0;
                declined1h += _status[slot] == (byte)TransactionStatus.Declined ? 1 : 0;
                if (!seenMerchants[..distinct1h].Contains(_merchant[slot]))
                {
                    seenMerchants[distinct1h++] = _merchant[slot];
                }
            }

            if (age <= 300)
            {
                c5m++;
            }
        }

        var seconds = prevTime < 0 ? -1 : now - prevTime;
        var distancePrev = prevTime < 0 ? 0 : Cities.Distance(prevCity, tx.City);
        var speed = prevTime < 0 ? 0 : Math.Min(20_000, distancePrev / Math.Max(seconds / 3600.0, 1.0 / 60));
        var distanceHome = Cities.Distance(c.HomeCity, tx.City);
        var newDevice = tx.DeviceType is DeviceType.Mobile or DeviceType.Web && !c.OwnsDevice(tx.Device) ? 1 : 0;
        var usualRatio = rupees / PaymentFactory.UsualTicket(in c, tx.Category);

        var (m1h, mDistinct) = MerchantWindow(tx.Merchant, now, cid);

        var hour = TransactionGenerator.HourOf(now);
        var dayIndex = TransactionGenerator.DayIndex(now);
        if (dayIndex != _day.Index)
        {
            _day = MarketCalendar.Describe(dayIndex);
        }

        var day = _day;
        var hourDistance = AnomalyEpisodeBuilder.HourDistance(hour, c.PeakHour);
        var night = hour < 6 ? 1 : 0;
        var weekend = day.DayOfWeek >= 5 ? 1 : 0;

        f[0] = (float)Math.Log(1 + rupees);
        f[1] = (float)z;
        f[2] = (float)usualRatio;
        f[3] = (float)(rupees / m.TypicalTicketInr);
        f[4] = tx.AmountPaise % 100_000 == 0 ? 1 : 0;
        f[5] = c5m;
        f[6] = c1h;
        f[7] = c24h;
        f[8] = (float)Math.Log(1 + sum1h);
        f[9] = (float)Math.Log(1 + sum24h);
        f[10] = (float)(seconds < 0 ? NoPreviousSecondsLog : Math.Log(1 + seconds));
        f[11] = (float)distancePrev;
        f[12] = (float)speed;
        f[13] = (float)distanceHome;
        f[14] = newDevice;
        f[15] = m.RiskScore;
        f[16] = (float)category.Risk;
        f[17] = m.IsOnline ? 1 : 0;
        f[18] = newMerchant;
        f[19] = distinct1h;
        f[20] = small1h;
        f[21] = same1h;
        f[22] = declined1h;
        f[23] = refunds24h;
        f[24] = tx.AmountPaise is >= 4_500_000 and < 5_000_000 ? 1 : 0;
        f[25] = tx.Channel == Channel.Upi ? 1 : 0;
        f[26] = tx.Channel == Channel.Card ? 1 : 0;
        f[27] = tx.Channel == Channel.NetBanking ? 1 : 0;
        f[28] = tx.Channel == Channel.Wallet ? 1 : 0;
        f[29] = tx.Channel == Channel.CashWithdrawal ? 1 : 0;
        f[30] = m1h;
        f[31] = mDistinct;

        f[32] = hour;
        f[33] = hourDistance;
        f[34] = night;
        f[35] = day.DayOfWeek;
        f[36] = weekend;
        f[37] = day.DayOfMonth;
        f[38] = day.IsSalaryDay ? 1 : 0;
        f[39] = day.IsFestival ? 1 : 0;
        f[40] = (float)CustomerSegments.All[c.Segment].CategoryWeights[tx.Category];
        f[41] = (float)category.ChannelMix[(int)tx.Channel];
        f[42] = (float)Math.Log(rupees / category.TypicalTicketInr);
        f[43] = (float)mean;
        f[44] = (float)std;
        f[45] = Math.Min(n, 1000);
        f[46] = (float)Math.Log((Math.Max(seconds, 0) + 1) / (86_400.0 / c.Activity));
        f[47] = tx.City == c.HomeCity ? 1 : 0;
        f[48] = Cities.StateIndex[tx.City] == Cities.StateIndex[c.HomeCity] ? 1 : 0;
        f[49] = m.Popularity;
        f[50] = rupees < 10 ? 1 : 0;
        f[51] = dup5m;
        f[52] = prevDeclined;
        f[53] = c.Age;
        f[54] = c.IncomeBand;
        f[55] = c.RiskScore;

        f[56] = f[1] * night;
        f[57] = f[1] * newDevice;
        f[58] = (float)(distanceHome / 1000 * f[0]);
        f[59] = c1h * m.RiskScore;
        f[60] = newMerchant * f[2];
        f[61] = (float)(speed / 1000 * newDevice);
        f[62] = rupees < 100 ? c5m : 0;
        f[63] = (float)(category.Risk * usualRatio);
        f[64] = f[17] * newDevice;
        f[65] = c.RiskScore * m.RiskScore;
        f[66] = weekend * hourDistance;
        f[67] = f[25] * f[0];
        f[68] = (float)(distancePrev / 1000 * c1h);

        Record(in tx, cid, n, baseIndex, logAmount, rupees);
    }

    private (int Count, int Distinct) MerchantWindow(int merchant, long now, int customer)
    {
        var n = _merchantCount[merchant];
        var baseIndex = merchant * Ring;
        var kept = Math.Min(n, Ring);
        int count = 0, distinct = 0;
        Span<int> payers = stackalloc int[Ring];
        for (var k = 0; k < kept; k++)
        {
            var slot = baseIndex + ((n - 1 - k) % Ring);
            if (now - _merchantTime[slot] > 3600)
            {
                break; // newest first: everything older is outside the window too
            }

            count++;
            if (!payers[..distinct].Contains(_merchantPayer[slot]))
            {
                payers[distinct++] = _merchantPayer[slot];
            }
        }

        var mslot = baseIndex + (n % Ring);
        _merchantTime[mslot] = now;
        _merchantPayer[mslot] = customer;
        _merchantCount[merchant] = n + 1;
        return (count, distinct);
    }

    private void Record(in Transaction tx, int cid, int n, int baseIndex, double logAmount, double rupees)
    {
        var slot = baseIndex + (n % Ring);
        _time[slot] = tx.UnixSeconds;
        _amount[slot] = (float)rupees;
        _merchant[slot] = tx.Merchant;
        _city[slot] = tx.City;
        _status[slot] = (byte)tx.Status;
        _paise[slot] = tx.AmountPaise;

        // Welford's update of the customer's ln(amount) mean and sum of squared deviations.
        var count = n + 1;
        var delta = logAmount - _mean[cid];
        _mean[cid] += delta / count;
        _m2[cid] += delta * (logAmount - _mean[cid]);
        _count[cid] = count;
    }
}
