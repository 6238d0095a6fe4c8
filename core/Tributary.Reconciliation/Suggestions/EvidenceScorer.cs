using System.Globalization;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;

namespace Tributary.Reconciliation.Suggestions;

/// <summary>
/// Compares a target record with the records proposed as its counterpart (one for one-to-one, several for a group),
/// component by component, into an <see cref="Evidence"/>.
/// </summary>
internal sealed class EvidenceScorer(SuggestionRoles roles, FieldWeights weights, RecordTable left, RecordTable right)
{
    /// <summary>The reference of a record: its primary-key text fields joined (empty when all are blank).</summary>
    public string Reference(RecordTable table, int row)
    {
        if (roles.References.Count == 1)
        {
            return table.Text(roles.References[0].Index, row);
        }

        var parts = roles.References.Select(f => table.Text(f.Index, row)).ToArray();
        return parts.All(p => p.Length == 0) ? "" : string.Join('|', parts);
    }

    /// <summary>How two references compare.</summary>
    public static ReferenceMatch CompareReferences(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return ReferenceMatch.Blank;
        }

        var d = EditDistance.Bounded(a, b, 2);
        if (d == 0)
        {
            return ReferenceMatch.Equal;
        }

        if (d == 1)
        {
            return EditDistance.IsTransposition(a, b) ? ReferenceMatch.Transposition : ReferenceMatch.OneEdit;
        }

        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        if (shorter.Length >= 4 && longer.StartsWith(shorter, StringComparison.Ordinal))
        {
            return ReferenceMatch.Prefix;
        }

        return d == 2 && Math.Min(a.Length, b.Length) >= 6 ? ReferenceMatch.TwoEdits : ReferenceMatch.Different;
    }

    /// <summary>How two amounts (right minus left) compare, given the engine's own tolerance.</summary>
    public static AmountMatch CompareAmounts(decimal leftAmount, decimal rightAmount, Tolerance tolerance)
    {
        if (leftAmount == rightAmount || tolerance.Agrees(leftAmount, rightAmount))
        {
            return AmountMatch.Equal;
        }

        var d = rightAmount - leftAmount;
        var size = Math.Max(Math.Abs(leftAmount), Math.Abs(rightAmount));
        var gap = Math.Abs(d);
        if (gap <= 0.05m || gap <= 0.0005m * size)
        {
            return AmountMatch.Rounding;
        }

        // A fee is taken off what arrives: only a right side lower than the left is fee-like.
        if (d < 0 && (gap <= 0.03m * size || (gap <= 50m && gap <= 0.1m * size)))
        {
            return AmountMatch.FeeLike;
        }

        return gap <= 0.2m * size ? AmountMatch.Close : AmountMatch.Different;
    }

    /// <summary>
    /// Evidence for left rows against right rows, one side holding exactly one row (the target). Without
    /// <paramref name="describe"/> only what the model reads is computed (no values shown, no field list): the search
    /// scores many candidates and reports few.
    /// </summary>
    public Evidence Score(ReadOnlySpan<int> leftRows, ReadOnlySpan<int> rightRows, int candidates, bool capped, bool describe = false)
    {
        var group = leftRows.Length > 1 || rightRows.Length > 1;
        var targetIsLeft = leftRows.Length == 1;
        var target = targetIsLeft ? leftRows[0] : rightRows[0];
        var targetTable = targetIsLeft ? left : right;
        var partTable = targetIsLeft ? right : left;
        var parts = targetIsLeft ? rightRows : leftRows;
        var features = new double[EvidenceFeatures.Count];
        features[EvidenceFeatures.Bias] = 1;
        features[EvidenceFeatures.PartsExtra] = parts.Length - 1;

        // References, part by part; the shown pair is the first part's that is not equal.
        var targetRef = Reference(targetTable, target);
        var worst = ReferenceMatch.Equal;
        string shownTarget = targetRef, shownPart = "";
        var first = true;
        foreach (var p in parts)
        {
            var partRef = Reference(partTable, p);
            var match = CompareReferences(targetRef, partRef);
            if (match != ReferenceMatch.Different)
            {
                features[match switch
                {
                    ReferenceMatch.Equal => EvidenceFeatures.RefEqual,
                    ReferenceMatch.Transposition or ReferenceMatch.OneEdit => EvidenceFeatures.RefOneEdit,
                    ReferenceMatch.Prefix => EvidenceFeatures.RefPrefix,
                    ReferenceMatch.TwoEdits => EvidenceFeatures.RefTwoEdits,
                    _ => EvidenceFeatures.RefBlank,
                }] += 1.0 / parts.Length;
            }

            if (first || match > worst)
            {
                worst = match;
                shownPart = partRef;
                first = false;
            }
        }

        // Amount: the target against the sum of the parts.
        var amountMatch = AmountMatch.None;
        decimal leftSum = 0, rightSum = 0;
        var whole = true;
        if (roles.Amount is { } amount)
        {
            foreach (var l in leftRows)
            {
                var v = left.Number(amount.Index, l);
                leftSum += v;
                whole &= !describe || v.Scale == 0;
            }

            foreach (var r in rightRows)
            {
                var v = right.Number(amount.Index, r);
                rightSum += v;
                whole &= !describe || v.Scale == 0;
            }

            amountMatch = CompareAmounts(leftSum, rightSum, roles.AmountTolerance);
            switch (amountMatch)
            {
                case AmountMatch.Equal:
                    features[EvidenceFeatures.AmountEqual] = 1;
                    features[EvidenceFeatures.AmountEqualBits] = weights.AmountBits(targetTable.Number(amount.Index, target)) / FieldWeights.MaxBits;
                    break;
                case AmountMatch.Rounding: features[EvidenceFeatures.AmountRounding] = 1; break;
                case AmountMatch.FeeLike: features[EvidenceFeatures.AmountFeeLike] = 1; break;
                case AmountMatch.Close: features[EvidenceFeatures.AmountClose] = 1; break;
            }
        }

        // Identifying fields: part by part, except additive ones in a group, which compare as sums.
        var fields = describe ? new List<FieldEvidence>(roles.Identifying.Count) : [];
        for (var i = 0; i < roles.Identifying.Count; i++)
        {
            var field = roles.Identifying[i];
            var bits = weights.Bits[i] / FieldWeights.MaxBits;
            if (group && roles.AdditiveIndex[i])
            {
                decimal ls = 0, rs = 0;
                foreach (var l in leftRows) { ls += left.Number(field.Index, l); }
                foreach (var r in rightRows) { rs += right.Number(field.Index, r); }
                var m = CompareNumbers(ls, rs, roles.Tolerances[i]);
                Count(features, m, bits, 1);
                if (describe)
                {
                    fields.Add(new FieldEvidence(field.Name, m, m == FieldMatch.Same ? 0 : 1, Show(ls), Show(rs)));
                }

                continue;
            }

            var shown = FieldMatch.Same;
            var differing = 0;
            string lv = "", rv = "";
            var carried = group && weights.Bits[i] >= 8 && Carries(field, i, target, targetIsLeft, parts);
            foreach (var p in parts)
            {
                var (l, r) = targetIsLeft ? (target, p) : (p, target);
                var m = CompareField(field, i, l, r);
                // Where one part carries the target's value (a line settling several records names one of them), another
                // part's different value is what such a line looks like: weaker evidence against than a stranger's.
                Count(features, m, carried && m == FieldMatch.Different ? CarriedDifferenceBits / FieldWeights.MaxBits : bits, parts.Length);
                if (m is FieldMatch.Near or FieldMatch.Different)
                {
                    differing++;
                }

                if (describe && (lv.Length == 0 && rv.Length == 0 || m > shown))
                {
                    shown = m;
                    lv = left.Display(field.Index, l);
                    rv = right.Display(field.Index, r);
                }
            }

            if (describe)
            {
                fields.Add(new FieldEvidence(field.Name, shown, differing, lv, rv) { Carried = carried && shown == FieldMatch.Different });
            }
        }

        // Dates: right minus left, over the parts.
        int? from = null, to = null;
        if (roles.Date is { } date)
        {
            var sameAll = true;
            var widest = 0;
            foreach (var p in parts)
            {
                var (l, r) = targetIsLeft ? (target, p) : (p, target);
                var days = right.Day(date.Index, r) - left.Day(date.Index, l);
                from = from is { } f ? Math.Min(f, days) : days;
                to = to is { } t ? Math.Max(t, days) : days;
                sameAll &= days == 0;
                widest = Math.Max(widest, Math.Abs(days));
            }

            features[EvidenceFeatures.DateSame] = sameAll ? 1 : 0;
            features[EvidenceFeatures.DateFar] = widest > EvidenceFeatures.NearDays ? 1 : 0;
        }

        if (group)
        {
            features[EvidenceFeatures.SearchBits] = Math.Min(1.0, Log2Choose(Math.Max(candidates, parts.Length), parts.Length) / FieldWeights.MaxBits);
        }

        return new Evidence
        {
            Reference = worst,
            LeftReference = targetIsLeft ? shownTarget : shownPart,
            RightReference = targetIsLeft ? shownPart : shownTarget,
            Amount = amountMatch,
            AmountField = roles.Amount?.Name ?? "",
            LeftAmount = leftSum,
            RightAmount = rightSum,
            WholeAmounts = whole,
            DaysFrom = from,
            DaysTo = to,
            Fields = fields,
            Parts = parts.Length,
            Candidates = candidates,
            Capped = capped,
            Features = features,
        };
    }

    /// <summary>
    /// What a part's different well-identifying value counts against a group, in bits, when another part carries the
    /// target's value: a line settling several records names one of them about as often as all share it, so the
    /// difference is worth about one bit (−log2 ½), not the bits of a stranger's value.
    /// </summary>
    public const double CarriedDifferenceBits = 1.0;

    // Whether some part carries the target's value of the field.
    private bool Carries(ProfileField field, int i, int target, bool targetIsLeft, ReadOnlySpan<int> parts)
    {
        foreach (var p in parts)
        {
            var (l, r) = targetIsLeft ? (target, p) : (p, target);
            if (CompareField(field, i, l, r) == FieldMatch.Same)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the field rules a pairing out: a well-identifying field (8+ bits) carrying different values.</summary>
    public bool Contradicts(int l, int r) => Differences(l, r, out _) != 0;

    /// <summary>
    /// The well-identifying fields (8+ bits, not summed) on which a left and a right record carry different values, as a
    /// mask over the identifying fields (bit i for field i); <paramref name="same"/> gets those on which they carry the same.
    /// </summary>
    public ulong Differences(int l, int r, out ulong same)
    {
        ulong differ = 0;
        same = 0;
        for (var i = 0; i < roles.Identifying.Count && i < 64; i++)
        {
            if (weights.Bits[i] < 8 || roles.AdditiveIndex[i])
            {
                continue;
            }

            switch (CompareField(roles.Identifying[i], i, l, r))
            {
                case FieldMatch.Different: differ |= 1UL << i; break;
                case FieldMatch.Same: same |= 1UL << i; break;
            }
        }

        return differ;
    }

    private FieldMatch CompareField(ProfileField field, int i, int l, int r)
    {
        switch (field.Type)
        {
            case FieldType.Text:
            {
                var a = left.Text(field.Index, l);
                var b = right.Text(field.Index, r);
                if (a.Length == 0 || b.Length == 0)
                {
                    return FieldMatch.Blank;
                }

                if (string.Equals(a, b, StringComparison.Ordinal))
                {
                    return FieldMatch.Same;
                }

                return Math.Min(a.Length, b.Length) >= 5 && EditDistance.Bounded(a, b, 1) == 1 ? FieldMatch.Near : FieldMatch.Different;
            }

            case FieldType.Number:
                return CompareNumbers(left.Number(field.Index, l), right.Number(field.Index, r), roles.Tolerances[i]);
            default:
            {
                var days = Math.Abs(right.Day(field.Index, r) - left.Day(field.Index, l));
                return days <= roles.Tolerances[i].Value ? FieldMatch.Same : days <= 3 ? FieldMatch.Near : FieldMatch.Different;
            }
        }
    }

    private static FieldMatch CompareNumbers(decimal a, decimal b, Tolerance tolerance)
    {
        if (a == b || tolerance.Agrees(a, b))
        {
            return FieldMatch.Same;
        }

        return Math.Abs(b - a) <= 0.01m * Math.Max(Math.Abs(a), Math.Abs(b)) ? FieldMatch.Near : FieldMatch.Different;
    }

    private static void Count(double[] features, FieldMatch match, double bits, int parts)
    {
        switch (match)
        {
            case FieldMatch.Same: features[EvidenceFeatures.FieldsAgree] += bits / parts; break;
            case FieldMatch.Near: features[EvidenceFeatures.FieldsNear] += bits / parts; break;
            case FieldMatch.Different: features[EvidenceFeatures.FieldsDiffer] += bits / parts; break;
        }
    }

    private static string Show(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static double Log2Choose(int n, int k)
    {
        double bits = 0;
        for (var i = 0; i < k; i++)
        {
            bits += Math.Log2(n - i) - Math.Log2(i + 1);
        }

        return bits;
    }
}
