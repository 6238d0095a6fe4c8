using Tributary.Reconciliation.Records;

namespace Tributary.Reconciliation.Suggestions;

/// <summary>
/// Finds candidate groupings among the open records of one partition. One-to-one: for each left record, the right
/// records near its amount, with a reference or a well-identifying value at most one edit away (deletion-neighbourhood
/// indexes, so no pair loop), within the date window. Groups: for each record as target, the other side's records in
/// the date window that an index links to it (same identifying value, reference within one edit) and the
/// <see cref="MaxScan"/> nearest in date, those whose amounts could be parts of it and that no identifying value rules
/// out, the best <see cref="MaxGroupCandidates"/> of them searched for subsets of 2..maxParts whose sum is equal,
/// rounding or fee-like; the search stops after <see cref="MaxSearchNodes"/> subsets or <see cref="MaxSolutionsRanked"/>
/// found, and the <see cref="MaxSolutions"/> found with the best log-odds are kept. A right record that gets no grouping
/// so is searched once more with the same caps, with parts whose identifying value differs from its own, in subsets where
/// a part carries its value (a settlement line naming one of the records it settles). Every cap that cuts a search short
/// is counted and said in the explanation.
/// </summary>
internal sealed class CandidateSearch
{
    /// <summary>Candidates taken per index lookup (one reference or value).</summary>
    public const int MaxPerLookup = 32;

    /// <summary>Right records nearest in amount taken as one-to-one candidates of a left record.</summary>
    public const int MaxNearestAmounts = 16;

    /// <summary>Records of the other side searched for the parts of one target.</summary>
    public const int MaxGroupCandidates = 16;

    /// <summary>Records nearest in date looked at for the parts of one target (besides those an index links to it).</summary>
    public const int MaxScan = 64;

    /// <summary>Subsets tried per target.</summary>
    public const int MaxSearchNodes = 20_000;

    /// <summary>Most groupings kept per target: the best by the model's log-odds among those found.</summary>
    public const int MaxSolutions = 8;

    /// <summary>
    /// Most subsets a search finds and ranks by evidence before keeping the best <see cref="MaxSolutions"/>; a search that
    /// reaches it stops there and is counted as capped.
    /// </summary>
    public const int MaxSolutionsRanked = 256;

    /// <summary>
    /// How much lower a part whose well-identifying value differs from the target's ranks among the possible parts (the
    /// reference evidence of a blank reference is 0, a one-edit reference 3), so parts that agree are searched first.
    /// </summary>
    public const double DifferingPenalty = 1.0;

    /// <summary>Groupings whose model log-odds fall below this are not candidates (probability under 1 %).</summary>
    public const double MinLogit = -4.6;

    /// <summary>Longest value put in a deletion-neighbourhood index.</summary>
    private const int MaxIndexedLength = 40;

    private readonly SuggestionRoles _roles;
    private readonly EvidenceScorer _scorer;
    private readonly Model.SuggestionModel _model;
    private readonly RecordTable _left;
    private readonly RecordTable _right;
    private readonly int[] _stamp;
    private int _stampValue;

    public CandidateSearch(SuggestionRoles roles, FieldWeights weights, Model.SuggestionModel model, RecordTable left, RecordTable right)
    {
        _roles = roles;
        _scorer = new EvidenceScorer(roles, weights, left, right);
        _model = model;
        _left = left;
        _right = right;
        _stamp = new int[Math.Max(left.Count, right.Count)];
        IdentifyingIndexed = Enumerable.Range(0, roles.Identifying.Count)
            .Where(i => roles.Identifying[i].Type == Profiles.FieldType.Text && weights.Bits[i] >= 8).ToArray();
    }

    /// <summary>Identifying text fields worth an index (8+ bits: an IBAN, an ISIN, a SKU; not a currency).</summary>
    private int[] IdentifyingIndexed { get; }

    /// <summary>Searches caught by a cap (subset search or narrowing), for the summary.</summary>
    public int CappedSearches { get; private set; }

    public EvidenceScorer Scorer => _scorer;

    /// <summary>One-to-one candidates between the partition's open left and right records.</summary>
    public void OneToOne(List<int> leftRows, List<int> rightRows, List<Candidate> into)
    {
        var byAmount = _roles.Amount is { } amount
            ? rightRows.Select(r => (Amount: _right.Number(amount.Index, r), Row: r)).OrderBy(x => x.Amount).ThenBy(x => x.Row).ToArray()
            : [];
        var references = _roles.References.Count > 0 ? Neighbourhoods(rightRows, r => _scorer.Reference(_right, r)) : null;
        var identifiers = IdentifyingIndexed.Select(i =>
        {
            var field = _roles.Identifying[i].Index;
            return Neighbourhoods(rightRows, r => _right.Text(field, r));
        }).ToArray();
        var found = new List<int>();
        foreach (var l in leftRows)
        {
            found.Clear();
            _stampValue++;
            if (_roles.Amount is { } a)
            {
                NearestAmounts(byAmount, _left.Number(a.Index, l), found);
            }

            if (references is not null)
            {
                Lookup(references, _scorer.Reference(_left, l), found);
            }

            for (var k = 0; k < identifiers.Length; k++)
            {
                Lookup(identifiers[k], _left.Text(_roles.Identifying[IdentifyingIndexed[k]].Index, l), found);
            }

            foreach (var r in found)
            {
                // A well-identifying value that differs rules the pair out (the model's weight on it is prohibitive).
                if (!InWindow(l, r) || _scorer.Contradicts(l, r))
                {
                    continue;
                }

                var evidence = _scorer.Score([l], [r], 1, false);
                var logit = _model.Logit(SuggestionKind.OneToOne, evidence.Features);
                if (logit >= MinLogit)
                {
                    into.Add(new Candidate(SuggestionKind.OneToOne, [l], [r], evidence, logit));
                }
            }
        }
    }

    /// <summary>Group candidates with each of <paramref name="targets"/> (one side) against several of <paramref name="parts"/> (the other).</summary>
    public void Groups(bool targetsAreLeft, List<int> targets, List<int> parts, List<Candidate> into)
    {
        if (_roles.Amount is not { } amount || parts.Count < 2)
        {
            return;
        }

        var targetTable = targetsAreLeft ? _left : _right;
        var partTable = targetsAreLeft ? _right : _left;
        var date = _roles.Date;
        // Parts ordered by date so a target's window is a contiguous range, walked outward from the target's date.
        var ordered = parts.OrderBy(p => date is null ? 0 : partTable.Day(date.Index, p)).ThenBy(p => p).ToArray();
        var days = date is null ? new int[ordered.Length] : ordered.Select(p => partTable.Day(date.Index, p)).ToArray();
        var position = new Dictionary<int, int>(ordered.Length);
        for (var i = 0; i < ordered.Length; i++)
        {
            position[ordered[i]] = i;
        }

        // Parts linked to a target by evidence are looked up, whatever the size of the window.
        var references = _roles.References.Count > 0 ? Neighbourhoods(parts, p => _scorer.Reference(partTable, p)) : null;
        var identifiers = IdentifyingIndexed.Select(i =>
        {
            var field = _roles.Identifying[i].Index;
            return Exact(parts, p => partTable.Text(field, p));
        }).ToArray();
        var window = _roles.Settings.DateWindowDays;
        var eligible = new List<Part>();
        var clean = new List<Part>();
        var linked = new List<int>();
        var ranked = new List<Candidate>();
        foreach (var t in targets)
        {
            var target = targetTable.Number(amount.Index, t);
            if (target == 0)
            {
                continue;
            }

            var (low, high) = SumRange(Math.Abs(target), targetsAreLeft);
            var day = date is null ? 0 : targetTable.Day(date.Index, t);
            var start = date is null ? 0 : LowerBound(days, day - window);
            var end = date is null ? ordered.Length : LowerBound(days, day + window + 1);
            eligible.Clear();
            linked.Clear();
            _stampValue++;
            var targetRef = _scorer.Reference(targetTable, t);
            if (references is not null)
            {
                Lookup(references, targetRef, linked);
            }

            for (var k = 0; k < identifiers.Length; k++)
            {
                if (identifiers[k].TryGetValue(targetTable.Text(_roles.Identifying[IdentifyingIndexed[k]].Index, t), out var rows))
                {
                    for (var i = 0; i < rows.Count && i < MaxPerLookup; i++)
                    {
                        Add(rows[i], linked);
                    }
                }
            }

            foreach (var p in linked)
            {
                var i = position[p];
                if (i >= start && i < end)
                {
                    Consider(p, i);
                }
            }

            // Then the nearest records by date, at most MaxScan of them.
            var before = LowerBound(days, day) - 1;
            var after = before + 1;
            var visited = 0;
            while (visited < MaxScan && (before >= start || after < end))
            {
                var takeBefore = before >= start && (after >= end || day - days[before] <= days[after] - day);
                var i = takeBefore ? before-- : after++;
                visited++;
                if (_stamp[ordered[i]] != _stampValue)
                {
                    _stamp[ordered[i]] = _stampValue;
                    Consider(ordered[i], i);
                }
            }

            var windowCapped = end - start > visited;
            if (eligible.Count < 2)
            {
                continue;
            }

            // First the parts that agree with the target wherever both carry a value (splits, a payer's invoices); only
            // when they give no grouping, and only for a right record settling several left ones, parts on another identity
            // beside a part on the target's own (a settlement line that carries the first order's SKU). A left record is one
            // item of the ledger: its parts carry its identity.
            clean.Clear();
            foreach (var e in eligible)
            {
                if (e.Differs == 0)
                {
                    clean.Add(e);
                }
            }

            var found = into.Count;
            var capped = Search(clean, carriedOnly: false);
            if (!targetsAreLeft && into.Count == found && clean.Count < eligible.Count)
            {
                DropUncarried(eligible);
                capped |= Search(eligible, carriedOnly: true);
            }

            if (capped)
            {
                CappedSearches++;
            }

            // Searches a pool of possible parts (reordered in place); true when a cap cut it short.
            bool Search(List<Part> pool, bool carriedOnly)
            {
                var cut = windowCapped;
                if (pool.Count > MaxGroupCandidates)
                {
                    cut = true;
                    pool.Sort((a, b) => b.Prescore != a.Prescore ? b.Prescore.CompareTo(a.Prescore) : a.Row.CompareTo(b.Row));
                    pool.RemoveRange(MaxGroupCandidates, pool.Count - MaxGroupCandidates);
                    if (carriedOnly)
                    {
                        DropUncarried(pool); // a carrier may have been cut
                    }
                }

                if (pool.Count < 2)
                {
                    return cut;
                }

                pool.Sort((a, b) =>
                {
                    var x = Math.Abs(partTable.Number(amount.Index, a.Row));
                    var y = Math.Abs(partTable.Number(amount.Index, b.Row));
                    return x != y ? y.CompareTo(x) : a.Row.CompareTo(b.Row);
                });
                var searched = pool.ToArray();
                var values = searched.Select(e => Math.Abs(partTable.Number(amount.Index, e.Row))).ToArray();
                var solutions = new List<int[]>();
                cut |= !SubsetSum.Search(values, low, high, _roles.Settings.MaxParts, MaxSearchNodes, MaxSolutionsRanked, solutions,
                    carriedOnly ? chosen => Carried(searched, chosen) : null);
                // Stopping at MaxSolutionsRanked leaves subsets unranked: a cap like the others.
                cut |= solutions.Count >= MaxSolutionsRanked;

                // Every subset found is scored, and the best by evidence are kept: in a dense partition many subsets hit
                // the amount, and the order the search meets them in (largest values first) says nothing about which is right.
                var kind = targetsAreLeft ? SuggestionKind.OneToMany : SuggestionKind.ManyToOne;
                ranked.Clear();
                foreach (var solution in solutions)
                {
                    var chosen = solution.Select(i => searched[i].Row).Order().ToArray();
                    var (leftRows, rightRows) = targetsAreLeft ? (new[] { t }, chosen) : (chosen, new[] { t });
                    var evidence = _scorer.Score(leftRows, rightRows, searched.Length, cut);
                    var logit = _model.Logit(kind, evidence.Features);
                    if (logit >= MinLogit)
                    {
                        ranked.Add(new Candidate(kind, leftRows, rightRows, evidence, logit));
                    }
                }

                // Best log-odds first; equal ones in the order found (a stable sort), so the result never depends on chance.
                into.AddRange(ranked.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Logit).ThenBy(x => x.i).Take(MaxSolutions).Select(x => x.c));
                return cut;
            }

            // A part is eligible when its amount could be in the sum. A well-identifying value that differs from the
            // target's no longer rules it out, but makes it a part that needs a carrier (see DropUncarried) and ranks it lower.
            void Consider(int p, int i)
            {
                var value = partTable.Number(amount.Index, p);
                if (value == 0 || Math.Sign(value) != Math.Sign(target) || Math.Abs(value) > high)
                {
                    return;
                }

                var (l, r) = targetsAreLeft ? (t, p) : (p, t);
                var differs = _scorer.Differences(l, r, out var carries);

                var reference = EvidenceScorer.CompareReferences(targetRef, _scorer.Reference(partTable, p));
                var prescore = reference switch
                {
                    ReferenceMatch.Equal => 4.0,
                    ReferenceMatch.Transposition or ReferenceMatch.OneEdit or ReferenceMatch.Prefix => 3.0,
                    ReferenceMatch.TwoEdits => 1.0,
                    ReferenceMatch.Blank => 0.0,
                    _ => -1.0,
                } - (date is null ? 0 : Math.Abs(days[i] - day) / (double)Math.Max(1, window)) - (differs != 0 ? DifferingPenalty : 0);
                eligible.Add(new Part(p, prescore, differs, carries));
            }
        }
    }

    /// <summary>
    /// A possible part of a group: its prescore (reference evidence, date distance), the well-identifying fields on which it
    /// differs from the target and those on which it carries the target's value.
    /// </summary>
    private readonly record struct Part(int Row, double Prescore, ulong Differs, ulong Carries);

    // Drops parts whose differing values no other possible part carries: a settlement line may carry the identity of one
    // of the records it settles (the first order's SKU), so a part on another SKU is possible only beside the part on the
    // line's own. A stranger on another identity, with no such part beside it, stays ruled out.
    private static void DropUncarried(List<Part> parts)
    {
        while (true)
        {
            ulong carried = 0;
            foreach (var part in parts)
            {
                carried |= part.Carries;
            }

            if (parts.RemoveAll(part => (part.Differs & ~carried) != 0) == 0)
            {
                return;
            }
        }
    }

    // Whether a subset's differing values are each carried by one of its parts.
    private static bool Carried(Part[] parts, int[] chosen)
    {
        ulong differs = 0, carries = 0;
        foreach (var i in chosen)
        {
            differs |= parts[i].Differs;
            carries |= parts[i].Carries;
        }

        return (differs & ~carries) == 0;
    }

    /// <summary>
    /// The range of part sums (absolute values) worth a look for a target: down to a fee taken off (right lower) and up
    /// to rounding above. Which side is lower depends on which side the parts are.
    /// </summary>
    public (decimal Low, decimal High) SumRange(decimal target, bool partsAreRight)
    {
        var rounding = Math.Max(Math.Max(0.05m, 0.0005m * target), _roles.AmountTolerance.Kind == Profiles.ToleranceKind.Relative
            ? _roles.AmountTolerance.Value * target : _roles.AmountTolerance.Value);
        var fee = Math.Max(0.03m * target, Math.Min(50m, 0.1m * target));
        // Right lower is fee-like: parts on the right may sum below the target; parts on the left may sum above it.
        return partsAreRight ? (target - fee, target + rounding) : (target - rounding, target + fee);
    }

    private bool InWindow(int l, int r) =>
        _roles.Date is not { } date || Math.Abs(_right.Day(date.Index, r) - _left.Day(date.Index, l)) <= _roles.Settings.DateWindowDays;

    // The right rows whose amounts are nearest the left amount (by |difference|) and within 10 % (or 1), at most MaxNearestAmounts.
    private void NearestAmounts((decimal Amount, int Row)[] byAmount, decimal amount, List<int> found)
    {
        if (byAmount.Length == 0)
        {
            return;
        }

        var reach = Math.Max(1m, 0.1m * Math.Abs(amount));
        var lo = 0;
        var hi = byAmount.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (byAmount[mid].Amount < amount) { lo = mid + 1; } else { hi = mid; }
        }

        var below = lo - 1;
        var above = lo;
        for (var taken = 0; taken < MaxNearestAmounts; taken++)
        {
            var useBelow = below >= 0 && (above >= byAmount.Length || amount - byAmount[below].Amount <= byAmount[above].Amount - amount);
            if (!useBelow && above >= byAmount.Length)
            {
                break;
            }

            var (value, row) = useBelow ? byAmount[below--] : byAmount[above++];
            if (Math.Abs(value - amount) > reach)
            {
                break;
            }

            Add(row, found);
        }
    }

    private void Lookup(Dictionary<string, List<int>> index, string value, List<int> found)
    {
        if (value.Length == 0 || value.Length > MaxIndexedLength)
        {
            return;
        }

        foreach (var key in DeletionNeighbourhood(value))
        {
            if (!index.TryGetValue(key, out var rows))
            {
                continue;
            }

            for (var i = 0; i < rows.Count && i < MaxPerLookup; i++)
            {
                Add(rows[i], found);
            }
        }
    }

    private void Add(int row, List<int> found)
    {
        if (_stamp[row] != _stampValue)
        {
            _stamp[row] = _stampValue;
            found.Add(row);
        }
    }

    // Each value and every string one deletion away from it: two values within one edit (a transposition included)
    // share at least one key.
    private static Dictionary<string, List<int>> Neighbourhoods(List<int> rows, Func<int, string> value)
    {
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var v = value(row);
            if (v.Length == 0 || v.Length > MaxIndexedLength)
            {
                continue;
            }

            foreach (var key in DeletionNeighbourhood(v))
            {
                if (!index.TryGetValue(key, out var list))
                {
                    index[key] = list = [];
                }

                if (list.Count == 0 || list[^1] != row)
                {
                    list.Add(row);
                }
            }
        }

        return index;
    }

    private static Dictionary<string, List<int>> Exact(List<int> rows, Func<int, string> value)
    {
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var v = value(row);
            if (v.Length == 0)
            {
                continue;
            }

            if (!index.TryGetValue(v, out var list))
            {
                index[v] = list = [];
            }

            list.Add(row);
        }

        return index;
    }

    private static IEnumerable<string> DeletionNeighbourhood(string value)
    {
        yield return value;
        for (var i = 0; i < value.Length; i++)
        {
            // Deleting either of two equal neighbours gives the same string: yield it once.
            if (i > 0 && value[i] == value[i - 1])
            {
                continue;
            }

            yield return string.Concat(value.AsSpan(0, i), value.AsSpan(i + 1));
        }
    }

    private static int LowerBound(int[] sorted, int value)
    {
        var lo = 0;
        var hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) { lo = mid + 1; } else { hi = mid; }
        }

        return lo;
    }
}
