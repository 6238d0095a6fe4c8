using System.Globalization;
using Tributary.Reconciliation.Breaks;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Suggestions;

namespace Tributary.Reconciliation.Synthetic;

/// <summary>
/// Plants near misses: a left record and a counterpart changed so that no pass matches them (checked: different
/// references, and the secondary key or its tolerance broken), with the truth recorded by record number. Each near-miss
/// record is also an expected unmatched break, so the planted-breaks check still holds exactly.
/// </summary>
internal sealed class NearMissPlanter
{
    private readonly ReconciliationProfile _p;
    private readonly ISyntheticDomain _domain;
    private readonly INearMissDomain _nearMiss;
    private readonly SuggestionRoles _roles;
    private readonly ProfileField _reference;
    private readonly ProfileField _amount;
    private readonly ProfileField[] _dates;
    private readonly ProfileField[] _additive;
    private readonly int _weights;

    // Right records given a mistyped reference, and where their expected break is: checked for collisions at the end.
    private readonly List<(object?[] Row, string Original)> _typos = [];
    private readonly Dictionary<object?[], int> _expectedOf = new(ReferenceEqualityComparer.Instance);

    public NearMissPlanter(ReconciliationProfile profile, ISyntheticDomain domain, INearMissDomain nearMiss)
    {
        _p = profile;
        _domain = domain;
        _nearMiss = nearMiss;
        _roles = SuggestionRoles.Of(profile);
        _reference = profile.Key[0];
        _amount = _roles.Amount ?? throw new ArgumentException($"profile '{profile.Name}' has no amount to plant near misses on");
        _dates = profile.Fields.Where(f => f.Type == FieldType.Date).ToArray();
        _additive = _roles.Additive.ToArray();
        _weights = nearMiss.Recipes.Sum(r => r.Weight);
    }

    /// <summary>Plants one near miss for the left record just added (<paramref name="row"/>, last of <paramref name="lefts"/>).</summary>
    public void Plant(object?[] row, List<object?[]> lefts, List<object?[]> rights, List<ExpectedBreak> expected,
        List<ExpectedSuggestion> truth, ref int extra, Random random)
    {
        var recipe = Pick(random);
        var leftRecord = lefts.Count;
        var name = Name(recipe);
        switch (recipe)
        {
            case NearMissRecipe.SplitNoReference or NearMissRecipe.SplitShortFee:
            {
                var parts = SplitParts(row, recipe, random);
                if (parts is null)
                {
                    goto default; // too small to split: a one-to-one near miss instead
                }

                var first = rights.Count + 1;
                rights.AddRange(parts);
                truth.Add(new ExpectedSuggestion(SuggestionKind.OneToMany.Name(), [leftRecord], Enumerable.Range(first, parts.Count).ToArray(), name));
                ExpectUnmatched(expected, [row], parts);
                return;
            }

            case NearMissRecipe.MergeNoReference:
            {
                var siblings = Siblings(row, random.Next(1, 3), ref extra, random);
                var merged = Merge(row, siblings, random);
                lefts.AddRange(siblings);
                rights.Add(merged);
                truth.Add(new ExpectedSuggestion(SuggestionKind.ManyToOne.Name(), Enumerable.Range(leftRecord, siblings.Count + 1).ToArray(),
                    [rights.Count], name));
                ExpectUnmatched(expected, [row, .. siblings], [merged]);
                return;
            }

            case NearMissRecipe.Decoy:
            {
                var stranger = _domain.NewRow(extra++, random);
                CopyPartition(row, stranger);
                stranger[_amount.Index] = row[_amount.Index];
                ShiftDatesFrom(row, stranger, random.Next(0, 4));
                KeepApart(row, stranger);

                rights.Add(stranger);
                truth.Add(new ExpectedSuggestion(ExpectedSuggestion.None, [leftRecord], [rights.Count], name));
                ExpectUnmatched(expected, [row], [stranger]);
                return;
            }

            case NearMissRecipe.Confuser:
            {
                // Another record of the same counterparty or instrument: every identifying text field shared, its own
                // reference (none, or the neighbouring number), and an amount of its own or 5 to 20 % off this one's.
                var stranger = _domain.NewRow(extra++, random);
                CopyPartition(row, stranger);
                foreach (var field in _roles.Identifying.Where(f => f.Type == FieldType.Text))
                {
                    stranger[field.Index] = row[field.Index];
                }

                if (random.Next(2) == 0)
                {
                    var off = (decimal)(0.05 + random.NextDouble() * 0.15) * (random.Next(2) == 0 ? 1 : -1);
                    var whole = decimal.Truncate(Amount(row)) == Amount(row);
                    var amount = Amount(row) * (1 + off);
                    SetAmount(stranger, whole ? Math.Max(1, Math.Round(amount)) : Math.Round(amount, 2));
                }

                stranger[_reference.Index] = random.Next(2) == 0 ? "" : Neighbour((string)row[_reference.Index]!, random);
                if (((string)stranger[_reference.Index]!).Length > 0)
                {
                    _typos.Add((stranger, (string)row[_reference.Index]!));
                }

                ShiftDatesFrom(row, stranger, random.Next(0, 6));
                KeepApart(row, stranger);

                rights.Add(stranger);
                truth.Add(new ExpectedSuggestion(ExpectedSuggestion.None, [leftRecord], [rights.Count], name));
                ExpectUnmatched(expected, [row], [stranger]);
                return;
            }

            case NearMissRecipe.Ambiguous:
            {
                var fee = _nearMiss.Fee(Amount(row), random);
                if (2 * (Amount(row) - fee) == Amount(row))
                {
                    fee += fee / 2; // the two together would sum to the record: pass 3 would take them
                }

                var counterpart = Changed(row, blankReference: true, fee, days: 1);
                var twin = Changed(row, blankReference: true, fee, days: -1);
                rights.Add(counterpart);
                truth.Add(new ExpectedSuggestion(SuggestionKind.OneToOne.Name(), [leftRecord], [rights.Count], name));
                rights.Add(twin);
                ExpectUnmatched(expected, [row], [counterpart, twin]);
                return;
            }

            default:
            {
                if (recipe is NearMissRecipe.SplitNoReference or NearMissRecipe.SplitShortFee)
                {
                    recipe = NearMissRecipe.NoReferenceLate;
                    name = Name(recipe);
                }

                var right = OneToOne(row, recipe, random);
                if (recipe is NearMissRecipe.TypoFee or NearMissRecipe.TypoLate or NearMissRecipe.TypoAmount)
                {
                    _typos.Add((right, (string)row[_reference.Index]!));
                }

                rights.Add(right);
                truth.Add(new ExpectedSuggestion(SuggestionKind.OneToOne.Name(), [leftRecord], [rights.Count], name));
                ExpectUnmatched(expected, [row], [right]);
                return;
            }
        }
    }

    private NearMissRecipe Pick(Random random)
    {
        var draw = random.Next(_weights);
        foreach (var (recipe, weight) in _nearMiss.Recipes)
        {
            if (draw < weight)
            {
                return recipe;
            }

            draw -= weight;
        }

        return _nearMiss.Recipes[^1].Recipe;
    }

    private object?[] OneToOne(object?[] row, NearMissRecipe recipe, Random random)
    {
        var right = (object?[])row.Clone();
        switch (recipe)
        {
            case NearMissRecipe.TypoFee:
                right[_reference.Index] = Typo((string)row[_reference.Index]!, random);
                SetAmount(right, Amount(row) - _nearMiss.Fee(Amount(row), random));
                ShiftDates(right, random.Next(0, 3));
                break;
            case NearMissRecipe.TypoLate:
                right[_reference.Index] = Typo((string)row[_reference.Index]!, random);
                ShiftDates(right, random.Next(1, 4));
                break;
            case NearMissRecipe.TypoAmount:
                right[_reference.Index] = Typo((string)row[_reference.Index]!, random);
                var whole = decimal.Truncate(Amount(row)) == Amount(row);
                var step = whole ? random.Next(1, 3) : random.Next(2, 6) / 100m;
                SetAmount(right, Amount(row) + (random.Next(2) == 0 || Amount(row) <= step ? step : -step));
                break;
            case NearMissRecipe.IdentifierTypoNoReference:
                right[_reference.Index] = "";
                var field = _p.Field(_nearMiss.IdentifierField).Index;
                right[field] = Substitute((string)row[field]!, random);
                ShiftDates(right, random.Next(0, 3));
                break;
            default: // NoReferenceLate
                right[_reference.Index] = "";
                ShiftDates(right, random.Next(1, 4));
                break;
        }

        // Whatever the recipe, the passes must not match the pair: break the secondary key if it still holds.
        if (SecondaryMatches(row, right))
        {
            ShiftDates(right, 1);
        }

        if (SecondaryMatches(row, right))
        {
            SetAmount(right, Amount(right) - _nearMiss.Fee(Amount(row), random));
        }

        return right;
    }

    private object?[] Changed(object?[] row, bool blankReference, decimal fee, int days)
    {
        var right = (object?[])row.Clone();
        if (blankReference)
        {
            right[_reference.Index] = "";
        }

        SetAmount(right, Amount(row) - fee);
        ShiftDates(right, days);
        return right;
    }

    // Two or three parts whose additive fields sum to the record's (the last part short by a fee for SplitShortFee).
    private List<object?[]>? SplitParts(object?[] row, NearMissRecipe recipe, Random random)
    {
        var k = random.Next(2, 4);
        var shares = Enumerable.Range(0, k).Select(_ => 0.2 + random.NextDouble()).ToArray();
        var total = shares.Sum();
        var parts = Enumerable.Range(0, k).Select(_ => (object?[])row.Clone()).ToList();
        foreach (var field in _additive)
        {
            var value = (decimal)row[field.Index]!;
            var scale = Math.Min((int)value.Scale, 6);
            decimal given = 0;
            for (var j = 0; j < k; j++)
            {
                var part = j == k - 1 ? value - given : Math.Round(value * (decimal)(shares[j] / total), scale);
                if (part <= 0)
                {
                    return null;
                }

                parts[j][field.Index] = part;
                given += part;
            }
        }

        var reference = (string)row[_reference.Index]!;
        for (var j = 0; j < k; j++)
        {
            parts[j][_reference.Index] = recipe == NearMissRecipe.SplitNoReference ? "" : _nearMiss.SplitReference(reference, j + 1);
            if (recipe == NearMissRecipe.SplitNoReference)
            {
                ShiftDates(parts[j], random.Next(0, 3));
            }
        }

        // Pass 3 must not take the parts: if they all share the split fields with the record and the sums agree, move the last.
        if (SplitMatches(row, parts))
        {
            ShiftDates(parts[^1], 1);
            if (SplitMatches(row, parts))
            {
                return null;
            }
        }

        if (recipe == NearMissRecipe.SplitShortFee)
        {
            var last = parts[^1];
            var fee = _nearMiss.Fee(Amount(row), random);
            if (Amount(last) <= fee)
            {
                return null;
            }

            SetAmount(last, Amount(last) - fee);
        }

        return parts;
    }

    private List<object?[]> Siblings(object?[] row, int n, ref int extra, Random random)
    {
        var siblings = new List<object?[]>(n);
        for (var j = 0; j < n; j++)
        {
            var sibling = _domain.NewRow(extra++, random);
            CopyPartition(row, sibling);
            foreach (var name in _nearMiss.SharedOnMerge)
            {
                sibling[_p.Field(name).Index] = row[_p.Field(name).Index];
            }

            ShiftDatesFrom(row, sibling, random.Next(0, 3));
            // A fresh amount: some domains derive amounts from the record number, and siblings' numbers are consecutive.
            var factor = 0.5m + (decimal)random.NextDouble();
            foreach (var field in _additive)
            {
                var value = (decimal)sibling[field.Index]!;
                sibling[field.Index] = Math.Max(value.Scale == 0 ? 1m : 0.01m, Math.Round(value * factor, Math.Min((int)value.Scale, 6)));
            }

            siblings.Add(sibling);
        }

        return siblings;
    }

    // One right record settling several left ones: sums of the additive fields, no reference, the latest date, maybe a fee off.
    private object?[] Merge(object?[] row, List<object?[]> siblings, Random random)
    {
        var merged = (object?[])row.Clone();
        merged[_reference.Index] = "";
        foreach (var field in _additive)
        {
            merged[field.Index] = siblings.Aggregate((decimal)row[field.Index]!, (sum, s) => sum + (decimal)s[field.Index]!);
        }

        foreach (var date in _dates)
        {
            merged[date.Index] = siblings.Select(s => (DateOnly)s[date.Index]!).Append((DateOnly)row[date.Index]!).Max();
        }

        if (random.Next(2) == 0)
        {
            SetAmount(merged, Amount(merged) - _nearMiss.Fee(Amount(merged), random));
        }

        _nearMiss.Settle(merged, random);

        // Pass 3 must not take them: records sharing the split fields whose sums agree are its match, not a near miss.
        if (SplitMatches(merged, [row, .. siblings]))
        {
            ShiftDates(merged, 1);
        }

        return merged;
    }

    // A stranger that pass 2 would pair with the record is not a stranger: a day later, or failing that a different amount.
    private void KeepApart(object?[] row, object?[] stranger)
    {
        if (SecondaryMatches(row, stranger))
        {
            ShiftDates(stranger, 1);
        }

        if (SecondaryMatches(row, stranger))
        {
            SetAmount(stranger, Amount(stranger) + Math.Max(1m, Math.Round(Amount(stranger) * 0.01m, 2)));
        }
    }

    // Whether pass 2 would pair the two: every secondary field equal and the tolerance field within tolerance.
    private bool SecondaryMatches(object?[] left, object?[] right)
    {
        if (_p.SecondaryKey is not { } s)
        {
            return false;
        }

        foreach (var f in s.Fields)
        {
            if (!Equals(Normal(left[f.Index]), Normal(right[f.Index])))
            {
                return false;
            }
        }

        return s.ToleranceField is not { } t || s.Tolerance.Agrees(Magnitude(left[t.Index]), Magnitude(right[t.Index]));
    }

    // Whether pass 3 would group the one record with the many: the split fields all equal and every sum within tolerance.
    private bool SplitMatches(object?[] row, List<object?[]> parts)
    {
        if (_p.Split is not { } split)
        {
            return false;
        }

        if (parts.Any(part => split.Fields.Any(f => !Equals(Normal(row[f.Index]), Normal(part[f.Index])))))
        {
            return false;
        }

        foreach (var f in split.Sum)
        {
            var tolerance = _p.Compare.FirstOrDefault(c => c.Field.Index == f.Index)?.Tolerance ?? Tolerance.Exact;
            if (!tolerance.Agrees((decimal)row[f.Index]!, parts.Sum(part => (decimal)part[f.Index]!)))
            {
                return false;
            }
        }

        return true;
    }

    private static object? Normal(object? value) => value is string s ? Tributary.Reconciliation.Records.KeyNormalizer.Normalize(s) : value;

    private static decimal Magnitude(object? value) => value switch
    {
        decimal d => d,
        DateOnly date => date.DayNumber,
        _ => 0m,
    };

    private void ExpectUnmatched(List<ExpectedBreak> expected, IEnumerable<object?[]> lefts, IEnumerable<object?[]> rights)
    {
        foreach (var row in lefts)
        {
            expected.Add(ReconDataGenerator.Expect(_p, _p.UnmatchedLeftType, BreakSide.Left, row, "",
                _p.RecordValue.Value(1m, f => ReconDataGenerator.Number(row, f), ReconDataGenerator.Fx(_p))));
        }

        foreach (var row in rights)
        {
            _expectedOf[row] = expected.Count;
            expected.Add(ExpectRight(row));
        }
    }

    private ExpectedBreak ExpectRight(object?[] row) =>
        ReconDataGenerator.Expect(_p, _p.UnmatchedRightType, BreakSide.Right, row, "",
            _p.RecordValue.Value(1m, f => ReconDataGenerator.RightNumber(_p, row, f), ReconDataGenerator.Fx(_p)));

    /// <summary>
    /// After the last record: a mistyped reference that happens to be another left record's reference in the same
    /// partition (dense sequential ids make that likely) would be pass 1's match, not a near miss. Such a typo becomes, one
    /// character from the original, a letter for a digit (an O for a 0) instead, which no generated reference carries, and
    /// its expected break follows.
    /// </summary>
    public void Finish(IReadOnlyList<object?[]> lefts, List<ExpectedBreak> expected)
    {
        var taken = new HashSet<string>(lefts.Select(PartitionedReference), StringComparer.Ordinal);
        foreach (var (right, original) in _typos)
        {
            if (!taken.Contains(PartitionedReference(right)))
            {
                continue;
            }

            var chars = original.ToCharArray();
            var at = Array.FindLastIndex(chars, char.IsDigit);
            chars[at] = chars[at] switch { '0' => 'O', '1' => 'I', '2' => 'Z', '5' => 'S', '8' => 'B', _ => 'X' };
            right[_reference.Index] = new string(chars);
            expected[_expectedOf[right]] = ExpectRight(right);
        }
    }

    private string PartitionedReference(object?[] row) =>
        string.Join('\u001f', _p.PartitionKey.Select(f => Normal(row[f.Index])).Append(Normal(row[_reference.Index])));

    private decimal Amount(object?[] row) => (decimal)row[_amount.Index]!;

    private void SetAmount(object?[] row, decimal value) => row[_amount.Index] = value;

    private void CopyPartition(object?[] from, object?[] to)
    {
        foreach (var f in _p.PartitionKey)
        {
            to[f.Index] = from[f.Index];
        }
    }

    private void ShiftDates(object?[] row, int days)
    {
        foreach (var f in _dates)
        {
            row[f.Index] = ((DateOnly)row[f.Index]!).AddDays(days);
        }
    }

    // Dates of another record set to this one's plus a shift (a sibling or stranger booked around the same time).
    private void ShiftDatesFrom(object?[] from, object?[] to, int days)
    {
        foreach (var f in _dates)
        {
            to[f.Index] = ((DateOnly)from[f.Index]!).AddDays(days);
        }
    }

    // The next or previous number: the last digit one up or down (a neighbouring invoice, trade or line).
    private static string Neighbour(string value, Random random)
    {
        var at = value.LastIndexOfAny("0123456789".ToCharArray());
        if (at < 0)
        {
            return Substitute(value, random);
        }

        var chars = value.ToCharArray();
        var digit = chars[at] - '0';
        chars[at] = (char)('0' + (digit == 0 ? 1 : digit == 9 ? 8 : digit + (random.Next(2) == 0 ? 1 : -1)));
        return new string(chars);
    }

    // Two adjacent different characters swapped (60 %), else one digit replaced.
    private static string Typo(string value, Random random)
    {
        var swaps = Enumerable.Range(0, value.Length - 1).Where(i => value[i] != value[i + 1]).ToArray();
        if (swaps.Length > 0 && random.NextDouble() < 0.6)
        {
            var i = swaps[random.Next(swaps.Length)];
            var chars = value.ToCharArray();
            (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
            return new string(chars);
        }

        return Substitute(value, random);
    }

    // One character replaced by another of its kind, past the first two (a country code or prefix stays).
    private static string Substitute(string value, Random random)
    {
        var positions = Enumerable.Range(Math.Min(2, value.Length - 1), value.Length - Math.Min(2, value.Length - 1))
            .Where(i => char.IsLetterOrDigit(value[i])).ToArray();
        var at = positions[random.Next(positions.Length)];
        var chars = value.ToCharArray();
        var c = chars[at];
        chars[at] = char.IsDigit(c) ? (char)('0' + (c - '0' + random.Next(1, 10)) % 10) : (char)('A' + (char.ToUpperInvariant(c) - 'A' + random.Next(1, 26)) % 26);
        return new string(chars);
    }

    private static string Name(NearMissRecipe recipe) => recipe switch
    {
        NearMissRecipe.TypoFee => "typo_fee",
        NearMissRecipe.TypoLate => "typo_late",
        NearMissRecipe.TypoAmount => "typo_amount",
        NearMissRecipe.IdentifierTypoNoReference => "identifier_typo_no_reference",
        NearMissRecipe.NoReferenceLate => "no_reference_late",
        NearMissRecipe.SplitNoReference => "split_no_reference",
        NearMissRecipe.SplitShortFee => "split_short_fee",
        NearMissRecipe.MergeNoReference => "merge_no_reference",
        NearMissRecipe.Decoy => "decoy",
        NearMissRecipe.Confuser => "confuser",
        _ => ExpectedSuggestion.AmbiguousRecipe,
    };

    /// <summary>Formats a record list for expected_suggestions.csv.</summary>
    public static string Records(IEnumerable<int> records) => string.Join(';', records.Select(r => r.ToString(CultureInfo.InvariantCulture)));
}
