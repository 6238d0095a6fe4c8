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
    private static double FieldBits(ProfileField field, RecordTable left, int[] leftRows, RecordTable right, int[] rightRows)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        long n = 0;
        foreach (var (table, rows) in new[] { (left, leftRows), (right, rightRows) })
        {
            foreach (var row in rows)
            {
                var value = field.Type switch
                {
                    FieldType.Text => table.Text(field.Index, row),
                    FieldType.Number => table.Number(field.Index, row).ToString("G29", System.Globalization.CultureInfo.InvariantCulture),
                    _ => table.Day(field.Index, row).ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                if (value.Length == 0)
                {
                    continue;
                }

                counts[value] = counts.GetValueOrDefault(value) + 1;
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
