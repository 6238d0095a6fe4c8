using Tributary.Generation.Anomalies;
using Tributary.Generation.Batches;
using Tributary.Generation.Fraud;
using Tributary.Generation.Random;

namespace Tributary.Generation.Transactions;

/// <summary>
/// Generates the transactions of one batch in ascending time, from (spec, batch index) alone.
/// Genuine payments arrive as a Poisson process shaped by <see cref="MarketCalendar"/>; a genuine step starts a fraud or
/// anomaly episode with the probability that makes the configured share of rows come out labelled. Episode rows are
/// queued with their own timestamps and interleaved by time; no episode is cut off by the end of the batch.
/// </summary>
public sealed class TransactionGenerator
{
    private const ulong BatchStream = 0x4_0000_0000UL;

    private readonly GenerationRunSpec _spec;
    private readonly PaymentFactory _payments;
    private readonly FraudEpisodeBuilder _fraud;
    private readonly AnomalyEpisodeBuilder _anomalies;
    private readonly AliasTable? _fraudTypes;
    private readonly AliasTable? _anomalyTypes;
    private readonly double _fraudStart;
    private readonly double _anomalyStart;
    private readonly double _meanGapSeconds;
    private readonly long _batchStartUnix;
    private readonly BatchSlice _slice;
    private readonly PriorityQueue<Transaction, (long Time, long Sequence)> _queue = new();
    private readonly Transaction[] _episode = new Transaction[16];
    private Xoshiro256 _rng;
    private double _clock;
    private long _sequence;
    private int _emitted;
    private MarketCalendar.Day _day;

    /// <summary>Prepares batch <paramref name="slice"/> of the run, using reference data built for the same spec.</summary>
    public TransactionGenerator(GenerationRunSpec spec, Reference.ReferenceData reference, BatchSlice slice)
    {
        _spec = spec;
        _slice = slice;
        _payments = new PaymentFactory(reference);
        _fraud = new FraudEpisodeBuilder(_payments);
        _anomalies = new AnomalyEpisodeBuilder(_payments);
        _rng = new Xoshiro256(spec.Seed, BatchStream + (ulong)slice.Index);

        var fraudShares = Normalised(spec.FraudMix);
        var anomalyShares = Normalised(spec.AnomalyMix);
        // The mix is a share of rows, so episode types are drawn in proportion to share / mean episode length.
        var fraudEpisodeWeights = fraudShares.Select((s, i) => s / FraudCatalog.All[i].MeanRows).ToArray();
        var anomalyEpisodeWeights = anomalyShares.Select((s, i) => s / AnomalyCatalog.All[i].Rows).ToArray();
        var meanFraudRows = 1.0 / fraudEpisodeWeights.Sum();
        var meanAnomalyRows = 1.0 / anomalyEpisodeWeights.Sum();
        _fraudTypes = spec.FraudRate > 0 ? new AliasTable(fraudEpisodeWeights) : null;
        _anomalyTypes = spec.AnomalyRate > 0 ? new AliasTable(anomalyEpisodeWeights) : null;

        // A genuine step emits 1 row, an episode start emits E rows. With f = fraud share, a = anomaly share of rows:
        // rows per step S = 1 / (1 - f(1 - 1/Ef) - a(1 - 1/Ea)); start probabilities are f·S/Ef and a·S/Ea.
        var f = spec.FraudRate;
        var a = spec.AnomalyRate;
        var s = 1.0 / (1.0 - (f * (1 - (1 / meanFraudRows))) - (a * (1 - (1 / meanAnomalyRows))));
        _fraudStart = f * s / meanFraudRows;
        _anomalyStart = a * s / meanAnomalyRows;

        _meanGapSeconds = 86_400.0 / reference.DailyTransactions;
        _batchStartUnix = StartOf(slice.FirstRow, _meanGapSeconds);
        _day = MarketCalendar.Describe(DayIndex(_batchStartUnix));
    }

    /// <summary>The batch being generated.</summary>
    public BatchSlice Slice => _slice;

    /// <summary>Fills the next transaction; false when the batch is complete.</summary>
    public bool Next(ref Transaction tx)
    {
        var remaining = _slice.Count - _emitted;
        if (remaining <= 0)
        {
            return false;
        }

        if (_queue.Count > 0 && (remaining <= _queue.Count || _queue.TryPeek(out _, out var head) && head.Time <= Now))
        {
            tx = _queue.Dequeue();
        }
        else
        {
            var now = Now;
            var hour = HourOf(now);
            var u = _rng.NextDouble();
            var room = remaining - _queue.Count >= 16;
            var customer = _payments.Reference.CustomerByActivity.Sample(ref _rng);
            if (room && u < _fraudStart && _fraudTypes is not null)
            {
                var type = (FraudType)(_fraudTypes.Sample(ref _rng) + 1);
                EmitEpisode(ref tx, _fraud.Build(type, _episode, ref _rng, now, customer));
            }
            else if (room && u < _fraudStart + _anomalyStart && _anomalyTypes is not null)
            {
                var type = (AnomalyType)(_anomalyTypes.Sample(ref _rng) + 1);
                EmitEpisode(ref tx, _anomalies.Build(type, _episode, ref _rng, now, hour, customer, _day.SpendBoost));
            }
            else
            {
                var segment = _payments.Reference.Customers[customer].Segment;
                var category = _payments.Reference.CategoryBySegment[segment].Sample(ref _rng);
                _payments.Fill(ref tx, ref _rng, customer, category, _day.SpendBoost);
                tx.UnixSeconds = now;
            }

            Advance(hour);
        }

        tx.Id = _slice.FirstRow + _emitted;
        _emitted++;
        return true;
    }

    private long Now => _batchStartUnix + (long)_clock;

    private void EmitEpisode(ref Transaction tx, int rows)
    {
        tx = _episode[0];
        for (var i = 1; i < rows; i++)
        {
            _queue.Enqueue(_episode[i], (_episode[i].UnixSeconds, _sequence++));
        }
    }

    private void Advance(int hour)
    {
        var intensity = MarketCalendar.Hourly[hour] * _day.Intensity;
        _clock += _meanGapSeconds * _rng.NextExponential() / intensity;
        var day = DayIndex(Now);
        if (day != _day.Index)
        {
            _day = MarketCalendar.Describe(day);
        }
    }

    /// <summary>
    /// The time by which the market is expected to have made <paramref name="rows"/> payments: the inverse of the
    /// cumulative intensity (day by day, then hour by hour). Batches start there, so batch i covers its own stretch of
    /// simulated time, busy days included, without generating batches 0..i-1.
    /// </summary>
    public static long StartOf(long rows, double meanGapSeconds)
    {
        var expected = (double)rows;
        var day = 0;
        while (true)
        {
            var d = MarketCalendar.Describe(day);
            var perDay = d.Intensity * 86_400 / meanGapSeconds;
            if (expected < perDay)
            {
                for (var hour = 0; hour < 24; hour++)
                {
                    var perHour = MarketCalendar.Hourly[hour] * d.Intensity * 3600 / meanGapSeconds;
                    if (expected < perHour || hour == 23)
                    {
                        var seconds = (day * 86_400L) + (hour * 3600L) + (long)(3600 * Math.Min(1, expected / perHour));
                        return MarketCalendar.EpochUnixSeconds + seconds;
                    }

                    expected -= perHour;
                }
            }

            expected -= perDay;
            day++;
        }
    }

    /// <summary>IST hour of a Unix time.</summary>
    public static int HourOf(long unixSeconds) =>
        (int)((unixSeconds + MarketCalendar.IstOffsetSeconds) % 86_400 / 3600);

    /// <summary>Simulated day index (0 = 2025-01-01 IST) of a Unix time.</summary>
    public static int DayIndex(long unixSeconds) =>
        (int)((unixSeconds - MarketCalendar.EpochUnixSeconds) / 86_400);

    private static double[] Normalised(IReadOnlyList<double> weights)
    {
        var total = weights.Sum();
        return weights.Select(w => w / total).ToArray();
    }
}
