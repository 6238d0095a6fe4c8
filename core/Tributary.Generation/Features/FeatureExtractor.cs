using System.Runtime.CompilerServices;
using Tributary.Abstractions.Performance;
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

    // Category and segment facts as flat arrays: the hot loop indexes them instead of going through IReadOnlyList.
    private static readonly double[] CategoryRisk = MerchantCategories.All.Select(c => c.Risk).ToArray();
    private static readonly double[] CategoryTicket = MerchantCategories.All.Select(c => c.TypicalTicketInr).ToArray();
    private static readonly double[] ChannelMix = MerchantCategories.All.SelectMany(c => c.ChannelMix).ToArray();
    private static readonly int ChannelCount = MerchantCategories.All[0].ChannelMix.Length;
    private static readonly double[] SegmentCategoryWeight = CustomerSegments.All.SelectMany(s => s.CategoryWeights).ToArray();
    private static readonly int[] StateOf = Cities.StateIndex.ToArray();

    private readonly Customer[] _customers;
    private readonly Merchant[] _merchants;

    // One customer's last Ring payments lie next to each other (6 cache lines), not spread over six arrays.
    private readonly Payment[] _history;
    private readonly Running[] _running;
    private readonly MerchantPayment[] _merchantHistory;
    private readonly int[] _merchantCount;
    private MarketCalendar.Day _day = MarketCalendar.Describe(0);

    public FeatureExtractor(ReferenceData reference)
    {
        _customers = reference.Customers;
        _merchants = reference.Merchants;
        _history = new Payment[reference.Customers.Length * Ring];
        _running = new Running[reference.Customers.Length];
        _merchantHistory = new MerchantPayment[reference.Merchants.Length * Ring];
        _merchantCount = new int[reference.Merchants.Length];
    }

    private struct Payment
    {
        public long Time;
        public long Paise;
        public int Merchant;
        public byte City;
        public byte Status;

        // The rupee amount exactly as a float, as the history always held it.
        public readonly float Amount => (float)(Paise / 100.0);
    }

    private struct Running
    {
        public int Count;
        public double Mean;
        public double M2;
    }

    private struct MerchantPayment
    {
        public long Time;
        public int Payer;
    }

    /// <summary>
    /// Starts loading the history <see cref="Compute"/> will read for <paramref name="tx"/>: call it a few rows ahead.
    /// The histories of 20,000 customers do not fit in cache, and without the hint most of a row's feature time is spent
    /// waiting for them.
    /// </summary>
    public void Prefetch(in Transaction tx)
    {
        ref var history = ref _history[tx.Customer * Ring];
        for (var line = 0; line < Ring * Unsafe.SizeOf<Payment>(); line += 64) // six cache lines a customer
        {
            CacheHint.Prefetch(ref Unsafe.AddByteOffset(ref history, line));
        }

        CacheHint.Prefetch(ref _running[tx.Customer]);
        CacheHint.Prefetch(ref _customers[tx.Customer]);
        ref var merchant = ref _merchantHistory[tx.Merchant * Ring];
        for (var line = 0; line < Ring * Unsafe.SizeOf<MerchantPayment>(); line += 64) // four lines a merchant
        {
            CacheHint.Prefetch(ref Unsafe.AddByteOffset(ref merchant, line));
        }

        CacheHint.Prefetch(ref _merchantCount[tx.Merchant]);
        CacheHint.Prefetch(ref _merchants[tx.Merchant]);
    }

    /// <summary>Writes the features of <paramref name="tx"/> into <paramref name="f"/> (length ≥ <see cref="FeatureCatalog.Count"/>) and records it in history.</summary>
    public void Compute(in Transaction tx, Span<float> f)
    {
        f = f[..FeatureCatalog.Count]; // one bounds check here instead of one per feature
        var cid = tx.Customer;
        ref readonly var c = ref _customers[cid];
        ref readonly var m = ref _merchants[tx.Merchant];
        var categoryIndex = tx.Category;
        var categoryRisk = CategoryRisk[categoryIndex];
        var categoryTicket = CategoryTicket[categoryIndex];
        var rupees = tx.AmountPaise / 100.0;
        var logAmount = Math.Log(rupees);
        var now = tx.UnixSeconds;
        ref var running = ref _running[cid];
        var n = running.Count;
        var kept = Math.Min(n, Ring);
        var history = _history.AsSpan(cid * Ring, Ring);

        // Profile prior: the customer's usual ticket, so z-scores are meaningful from the first payment.
        var usualTicket = categoryTicket * c.SpendScale; // PaymentFactory.UsualTicket
        var priorMean = Math.Log(usualTicket);
        var priorVar = c.AmountSigma * c.AmountSigma;
        var mean = n == 0 ? priorMean : ((running.Mean * n) + (priorMean * PriorWeight)) / (n + PriorWeight);
        var variance = n == 0 ? priorVar : (running.M2 + (priorVar * PriorWeight)) / (n + PriorWeight);
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
            ref readonly var p = ref history[(n - 1 - k) & (Ring - 1)]; // newest first
            var age = now - p.Time;
            if (k == 0)
            {
                prevTime = p.Time;
                prevCity = p.City;
                prevDeclined = p.Status == (byte)TransactionStatus.Declined ? 1 : 0;
            }

            if (p.Merchant == tx.Merchant)
            {
                newMerchant = 0;
                if (age <= 300 && p.Paise == tx.AmountPaise)
                {
                    dup5m = 1;
                }
            }

            if (age <= 86_400)
            {
                c24h++;
                sum24h += p.Amount;
                if (p.Status >= (byte)TransactionStatus.Refunded)
                {
                    refunds24h++;
                }
            }

            if (age <= 3600)
            {
                var amount = p.Amount;
                c1h++;
                sum1h += amount;
                small1h += amount < 100 ? 1 : 0;
                same1h += p.Paise == tx.AmountPaise ? 1 : 0;
                declined1h += p.Status == (byte)TransactionStatus.Declined ? 1 : 0;
                if (!Seen(seenMerchants, distinct1h, p.Merchant))
                {
                    seenMerchants[distinct1h++] = p.Merchant;
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
        var usualRatio = rupees / usualTicket;

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
        f[16] = (float)categoryRisk;
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
        f[40] = (float)SegmentCategoryWeight[(c.Segment * CategoryTicket.Length) + categoryIndex];
        f[41] = (float)ChannelMix[(categoryIndex * ChannelCount) + (int)tx.Channel];
        f[42] = (float)Math.Log(rupees / categoryTicket);
        f[43] = (float)mean;
        f[44] = (float)std;
        f[45] = Math.Min(n, 1000);
        f[46] = (float)Math.Log((Math.Max(seconds, 0) + 1) / (86_400.0 / c.Activity));
        f[47] = tx.City == c.HomeCity ? 1 : 0;
        f[48] = StateOf[tx.City] == StateOf[c.HomeCity] ? 1 : 0;
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
        f[63] = (float)(categoryRisk * usualRatio);
        f[64] = f[17] * newDevice;
        f[65] = c.RiskScore * m.RiskScore;
        f[66] = weekend * hourDistance;
        f[67] = f[25] * f[0];
        f[68] = (float)(distancePrev / 1000 * c1h);

        Record(in tx, ref running, history, logAmount);
    }

    // A linear scan: at most Ring values, where Span.Contains's vector setup costs more than it saves.
    private static bool Seen(Span<int> values, int count, int value)
    {
        for (var i = 0; i < count; i++)
        {
            if (values[i] == value)
            {
                return true;
            }
        }

        return false;
    }

    private (int Count, int Distinct) MerchantWindow(int merchant, long now, int customer)
    {
        var n = _merchantCount[merchant];
        var history = _merchantHistory.AsSpan(merchant * Ring, Ring);
        var kept = Math.Min(n, Ring);
        int count = 0, distinct = 0;
        Span<int> payers = stackalloc int[Ring];
        for (var k = 0; k < kept; k++)
        {
            ref readonly var p = ref history[(n - 1 - k) & (Ring - 1)];
            if (now - p.Time > 3600)
            {
                break; // newest first: everything older is outside the window too
            }

            count++;
            if (!Seen(payers, distinct, p.Payer))
            {
                payers[distinct++] = p.Payer;
            }
        }

        ref var slot = ref history[n & (Ring - 1)];
        slot.Time = now;
        slot.Payer = customer;
        _merchantCount[merchant] = n + 1;
        return (count, distinct);
    }

    private static void Record(in Transaction tx, ref Running running, Span<Payment> history, double logAmount)
    {
        var n = running.Count;
        ref var slot = ref history[n & (Ring - 1)];
        slot.Time = tx.UnixSeconds;
        slot.Paise = tx.AmountPaise;
        slot.Merchant = tx.Merchant;
        slot.City = tx.City;
        slot.Status = (byte)tx.Status;

        // Welford's update of the customer's ln(amount) mean and sum of squared deviations.
        var count = n + 1;
        var delta = logAmount - running.Mean;
        running.Mean += delta / count;
        running.M2 += delta * (logAmount - running.Mean);
        running.Count = count;
    }
}
