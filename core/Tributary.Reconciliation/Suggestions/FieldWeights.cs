using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;

namespace Tributary.Reconciliation.Suggestions;

/// <summary>
/// How much agreement on each identifying field, and on a given amount, says, in bits (Fellegi–Sunter's u-probability:
/// the chance that two unrelated records agree). Estimated once per run from an evenly spaced sample of both files, so a
/// currency or a buy/sell flag counts for little, an IBAN or a price for much, and a round amount that many records carry
/// for less than an odd one. Computed before the run is split into buckets and shared by all of them, so suggestions do
/// not depend on the bucket count.
/// </summary>
public sealed class FieldWeights
{
    /// <summary>Records sampled per side.</summary>
    public const int SampleSize = 4096;

    /// <summary>Most bits one agreement can carry.</summary>
    public const double MaxBits = 16;

    private readonly Dictionary<decimal, int> _amounts;
    private readonly int _amountSample;

    private FieldWeights(double[] bits, Dictionary<decimal, int> amounts, int amountSample)
    {
        Bits = bits;
        _amounts = amounts;
        _amountSample = amountSample;
    }

    /// <summary>Bits of agreement per identifying field (same order as <see cref="SuggestionRoles.Identifying"/>).</summary>
    public IReadOnlyList<double> Bits { get; }

    /// <summary>Bits of two records agreeing exactly on this amount: fewer for amounts many records carry.</summary>
    public double AmountBits(decimal amount)
    {
        if (_amountSample == 0)
        {
            return 0;
        }

        var count = _amounts.GetValueOrDefault(amount);
        return Math.Min(MaxBits, Math.Log2((_amountSample + 1.0) / (count + 1.0)));
    }

    /// <summary>Estimates the weights from both sides' records.</summary>
    public static FieldWeights Estimate(SuggestionRoles roles, RecordTable left, RecordTable right)
    {
        var leftRows = Sample(left.Count);
        var rightRows = Sample(right.Count);
        var bits = new double[roles.Identifying.Count];
        for (var i = 0; i < bits.Length; i++)
        {
            bits[i] = FieldBits(roles.Identifying[i], left, leftRows, right, rightRows);
        }

        var amounts = new Dictionary<decimal, int>();
        var n = 0;
        if (roles.Amount is { } amount)
        {
            foreach (var (table, rows) in new[] { (left, leftRows), (right, rightRows) })
            {
                foreach (var row in rows)
                {
                    var v = table.Number(amount.Index, row);
                    amounts[v] = amounts.GetValueOrDefault(v) + 1;
                    n++;
                }
            }
        }

        return new FieldWeights(bits, amounts, n);
    }

    /// <summary>
    /// Writes the weights as JSON (bits per identifying field, the sampled amounts with their counts), so a pipeline run
    /// estimates them once in its plan and every bucket activity judges evidence alike.
    /// </summary>
    public void Write(Stream stream)
    {
        var state = new Persisted(Bits.ToArray(), _amounts.OrderBy(a => a.Key).Select(a => new PersistedAmount(a.Key, a.Value)).ToArray(), _amountSample);
        System.Text.Json.JsonSerializer.Serialize(stream, state);
    }

    /// <summary>Reads weights written by <see cref="Write"/>; null when the stream holds none.</summary>
    public static FieldWeights? Read(Stream stream)
    {
        var state = System.Text.Json.JsonSerializer.Deserialize<Persisted>(stream);
        return state is null
            ? null
            : new FieldWeights(state.Bits, state.Amounts.ToDictionary(a => a.Amount, a => a.Count), state.AmountSample);
    }

    private sealed record Persisted(double[] Bits, PersistedAmount[] Amounts, int AmountSample);

    private sealed record PersistedAmount(decimal Amount, int Count);

    private static int[] Sample(int count)
    {
        var take = Math.Min(count, SampleSize);
        var rows = new int[take];
        for (var i = 0; i < take; i++)
        {
            rows[i] = (int)((long)i * count / take);
        }

        return rows;
    }

    // −log2 of the chance that two sampled records (blank values left out) carry the same value.
    private static double FieldBits(ProfileField field, RecordTable left, int[] leftRows, RecordTable right, int[] rightRows) =>
        field.Type switch
        {
            FieldType.Text => Collisions(left, leftRows, right, rightRows, (t, r) => t.Text(field.Index, r), v => v.Length == 0, StringComparer.Ordinal),
            FieldType.Number => Collisions(left, leftRows, right, rightRows, (t, r) => t.Number(field.Index, r), _ => false, EqualityComparer<decimal>.Default),
            _ => Collisions(left, leftRows, right, rightRows, (t, r) => t.Day(field.Index, r), _ => false, EqualityComparer<int>.Default),
        };

    private static double Collisions<T>(RecordTable left, int[] leftRows, RecordTable right, int[] rightRows, Func<RecordTable, int, T> value,
        Func<T, bool> blank, IEqualityComparer<T> comparer)
        where T : notnull
    {
        var counts = new Dictionary<T, int>(comparer);
        long n = 0;
        foreach (var (table, rows) in new[] { (left, leftRows), (right, rightRows) })
        {
            foreach (var row in rows)
            {
                var v = value(table, row);
                if (blank(v))
                {
                    continue;
                }

                ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, v, out _);
                count++;
                n++;
            }
        }

        if (n < 2)
        {
            return 0;
        }

        double pairs = 0;
        foreach (var c in counts.Values)
        {
            pairs += (double)c * (c - 1);
        }

        var u = pairs / ((double)n * (n - 1));
        return u <= 0 ? Math.Min(MaxBits, Math.Log2(n)) : Math.Min(MaxBits, -Math.Log2(u));
    }
}
