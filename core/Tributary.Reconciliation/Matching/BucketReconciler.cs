using Tributary.Reconciliation.Breaks;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;
using Tributary.Reconciliation.Suggestions;
using Tributary.Reconciliation.Summary;

namespace Tributary.Reconciliation.Matching;

/// <summary>
/// Reconciles one bucket: the records of both sides that share a partition-key hash. Pure (no I/O, no clock), so
/// it is the body of the pipeline's per-partition activity, and the CLI runs it per bucket in parallel.
/// </summary>
/// <remarks>
/// Passes, in order, each over the records the previous ones left open:
/// duplicates (a record identical to an earlier one of its side, keyed by primary key) are breaks and leave the pool;
/// (1) exact key: partition + primary key, exactly one open record on each side;
/// (2) secondary key: partition + secondary fields equal and the tolerance field within tolerance, one to one, in row order;
/// (3) split: records grouped by partition + split fields, one record against two or more whose sums agree;
/// (4) what is left is unmatched on its side.
/// </remarks>
public static class BucketReconciler
{
    private const byte Open = 0;
    private const byte Duplicate = 1;
    private const byte Matched = 2;

    /// <summary>Reconciles one bucket's records. <paramref name="asOf"/> is the date breaks are aged against (null: no ageing).</summary>
    public static BucketResult Reconcile(ReconciliationProfile profile, RecordTable left, RecordTable right, DateOnly? asOf) =>
        Reconcile(profile, left, right, asOf, SuggestionOptions.Default);

    /// <summary>Reconciles one bucket's records, then suggests matches for what is left open (the fifth step, see Suggestions/).</summary>
    public static BucketResult Reconcile(ReconciliationProfile profile, RecordTable left, RecordTable right, DateOnly? asOf,
        SuggestionOptions suggestions)
    {
        if (left.Profile != profile || right.Profile != profile || left.Side != RecordSide.Left || right.Side != RecordSide.Right)
        {
            throw new ArgumentException("the tables must be the left and right records read with this profile");
        }

        var run = new Run(profile, left, right, asOf);
        run.Execute();
        return run.Result(suggestions);
    }

    /// <summary>
    /// Reconciles one bucket from two CSV bucket files, as the planner staged them before it staged parsed columns
    /// (Partitioning/BucketFile): the pipeline reads them for runs staged by an earlier version. With the record numbers
    /// staged beside each file, breaks and suggestions name the rows of the original inputs; without, the rows of the bucket files.
    /// </summary>
    public static BucketResult ReconcileStreams(ReconciliationProfile profile, Stream left, string leftName, Stream right,
        string rightName, DateOnly? asOf, SuggestionOptions? suggestions = null, Stream? leftRecords = null, Stream? rightRecords = null)
    {
        var leftTable = CsvRecordReader.Read(left, profile, RecordSide.Left, leftName);
        var rightTable = CsvRecordReader.Read(right, profile, RecordSide.Right, rightName);
        if (leftRecords is not null)
        {
            leftTable.SetRecords(Partitioning.RecordNumbers.Read(leftRecords, leftName + " record numbers"));
        }

        if (rightRecords is not null)
        {
            rightTable.SetRecords(Partitioning.RecordNumbers.Read(rightRecords, rightName + " record numbers"));
        }

        return Reconcile(profile, leftTable, rightTable, asOf, suggestions ?? SuggestionOptions.Default);
    }

    private sealed class Run(ReconciliationProfile profile, RecordTable left, RecordTable right, DateOnly? asOf)
    {
        private readonly ProfileField[] _key = profile.Key.ToArray(); // an array: no enumerator boxed per row
        private readonly byte[] _leftState = new byte[left.Count];
        private readonly byte[] _rightState = new byte[right.Count];
        private readonly List<Break> _breaks = [];
        private readonly BreakClassifier _classifier = new(profile, left, right, asOf);
        private readonly ReconciliationSummary _summary = new()
        {
            Profile = profile.Name,
            BaseCurrency = profile.BaseCurrency,
            AsOf = asOf,
            LeftRecords = left.Count,
            RightRecords = right.Count,
        };

        public void Execute()
        {
            var primary = new RowKeyComparer(left, right, profile.PartitionKey.Concat(profile.Key));
            var keyed = new KeyGroups(primary, left.Count, KeyedRows(left), right.Count, KeyedRows(right));

            MarkDuplicates(left, _leftState, keyed.Left);
            MarkDuplicates(right, _rightState, keyed.Right);
            if (profile.SecondaryKey is { } secondary)
            {
                // Records without a primary key are identified by their secondary key for duplicate detection.
                var byIdentity = new RowKeyComparer(left, right, profile.PartitionKey.Concat(secondary.Fields));
                var blank = new KeyGroups(byIdentity, left.Count, BlankRows(left), right.Count, BlankRows(right));
                MarkDuplicates(left, _leftState, blank.Left);
                MarkDuplicates(right, _rightState, blank.Right);
            }

            ExactKeyPass(keyed);
            if (profile.SecondaryKey is { } s)
            {
                SecondaryKeyPass(s);
            }

            if (profile.Split is { } split)
            {
                SplitPass(split);
            }

            for (var l = 0; l < left.Count; l++)
            {
                if (_leftState[l] == Open)
                {
                    _breaks.Add(_classifier.Unmatched(left, l));
                }
            }

            for (var r = 0; r < right.Count; r++)
            {
                if (_rightState[r] == Open)
                {
                    _breaks.Add(_classifier.Unmatched(right, r));
                }
            }
        }

        public BucketResult Result(SuggestionOptions options)
        {
            var identified = profile.ServiceLevels.Apply(AssignIds(_breaks), asOf);
            foreach (var b in identified)
            {
                _summary.CountBreak(b);
            }

            // The fifth step: suggested groupings of the records the passes left open.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var suggested = SuggestionStep.Run(profile, left, right, OpenRows(_leftState), OpenRows(_rightState), identified, options);
            _summary.CountSuggestions(suggested);
            return new BucketResult(identified, _summary)
            {
                Suggestions = suggested.Suggestions, Candidates = suggested.Candidates, SuggestionTime = clock.Elapsed,
            };
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private List<int> KeyedRows(RecordTable table)
        {
            var rows = new List<int>(table.Count);
            for (var row = 0; row < table.Count; row++)
            {
                if (!PrimaryBlank(table, row))
                {
                    rows.Add(row);
                }
            }

            return rows;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private List<int> BlankRows(RecordTable table)
        {
            var rows = new List<int>();
            for (var row = 0; row < table.Count; row++)
            {
                if (PrimaryBlank(table, row))
                {
                    rows.Add(row);
                }
            }

            return rows;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private bool PrimaryBlank(RecordTable table, int row)
        {
            foreach (var f in _key)
            {
                if (f.Type == FieldType.Text && table.TextEmpty(f.Index, row))
                {
                    return true;
                }
            }

            return false;
        }

        private void MarkDuplicates(RecordTable table, byte[] state, KeyGroups.Side groups)
        {
            var all = new RowKeyComparer(table.Side == RecordSide.Left ? table : left, table.Side == RecordSide.Right ? table : right,
                profile.Fields.Where(f => table.Has(f.Index)));
            var isRight = table.Side == RecordSide.Right;
            // Only keys seen more than once can hold duplicates; a row is a duplicate of an earlier identical row.
            foreach (var group in groups.All)
            {
                if (group.Count < 2)
                {
                    continue;
                }

                var rows = Collect(groups, group);
                for (var i = 1; i < rows.Count; i++)
                {
                    for (var j = 0; j < i; j++)
                    {
                        if (state[rows[j]] != Duplicate && all.Equals(new RowRef(isRight, rows[j]), new RowRef(isRight, rows[i])))
                        {
                            state[rows[i]] = Duplicate;
                            _summary.Duplicates++;
                            _breaks.Add(_classifier.Duplicate(table, rows[i]));
                            break;
                        }
                    }
                }
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private void ExactKeyPass(KeyGroups keyed)
        {
            var matched = 0;
            foreach (var group in keyed.Left.All)
            {
                var l = SingleOpen(keyed.Left, group, _leftState);
                if (l < 0 || !keyed.TryPartner(group, out var rightGroup))
                {
                    continue;
                }

                var r = SingleOpen(keyed.Right, rightGroup, _rightState);
                if (r < 0)
                {
                    continue;
                }

                Match(l, r, MatchPass.ExactKey);
                matched++;
            }

            _summary.CountMatch(MatchPass.ExactKey, matched, matched);
        }

        // The one open row of a group, or -1 when there is none or more than one (an ambiguous key is left to later passes).
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private static int SingleOpen(KeyGroups.Side groups, KeyGroups.Group group, byte[] state)
        {
            var found = -1;
            foreach (var row in groups.Rows(group))
            {
                if (state[row] != Open)
                {
                    continue;
                }

                if (found >= 0)
                {
                    return -1;
                }

                found = row;
            }

            return found;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private void SecondaryKeyPass(SecondaryKey secondary)
        {
            var comparer = new RowKeyComparer(left, right, profile.PartitionKey.Concat(secondary.Fields));
            var rightGroups = new KeyGroups(comparer, left.Count, [], right.Count, OpenRows(_rightState)).Right;
            var matched = 0;
            foreach (var l in OpenRows(_leftState))
            {
                if (!rightGroups.TryFind(new RowRef(false, l), out var group))
                {
                    continue;
                }

                foreach (var r in rightGroups.Rows(group))
                {
                    if (_rightState[r] != Open)
                    {
                        continue;
                    }

                    if (secondary.ToleranceField is { } t
                        && !secondary.Tolerance.Agrees(left.Magnitude(t.Index, l), right.Magnitude(t.Index, r)))
                    {
                        continue;
                    }

                    Match(l, r, MatchPass.SecondaryKey);
                    matched++;
                    break;
                }
            }

            _summary.CountMatch(MatchPass.SecondaryKey, matched, matched);
        }

        private void SplitPass(SplitRule split)
        {
            var comparer = new RowKeyComparer(left, right, profile.PartitionKey.Concat(split.Fields));
            var groups = new KeyGroups(comparer, left.Count, OpenRows(_leftState), right.Count, OpenRows(_rightState));
            var leftGroups = groups.Left;
            var rightGroups = groups.Right;
            var tolerances = split.Sum
                .Select(f => profile.Compare.FirstOrDefault(c => c.Field.Index == f.Index)?.Tolerance ?? Tolerance.Exact)
                .ToArray();
            var matchedLeft = 0;
            var matchedRight = 0;
            foreach (var l in OpenRows(_leftState))
            {
                var leftGroup = leftGroups.Of(l);
                if (leftGroup.Head != l || !groups.TryPartner(leftGroup, out var rightGroup))
                {
                    continue; // each group once, from its first row
                }

                var leftRows = Collect(leftGroups, leftGroup);
                var rightRows = Collect(rightGroups, rightGroup);
                var oneToMany = leftRows.Count == 1 && rightRows.Count >= 2;
                var manyToOne = leftRows.Count >= 2 && rightRows.Count == 1;
                if (!(oneToMany || manyToOne) || !SumsAgree(split, tolerances, leftRows, rightRows))
                {
                    continue;
                }

                foreach (var row in leftRows)
                {
                    _leftState[row] = Matched;
                }

                foreach (var row in rightRows)
                {
                    _rightState[row] = Matched;
                }

                matchedLeft += leftRows.Count;
                matchedRight += rightRows.Count;
            }

            _summary.CountMatch(MatchPass.Split, matchedLeft, matchedRight);
        }

        private bool SumsAgree(SplitRule split, Tolerance[] tolerances, List<int> leftRows, List<int> rightRows)
        {
            for (var i = 0; i < split.Sum.Count; i++)
            {
                var f = split.Sum[i].Index;
                var l = leftRows.Sum(row => left.Number(f, row));
                var r = rightRows.Sum(row => right.Number(f, row));
                if (!tolerances[i].Agrees(l, r))
                {
                    return false;
                }
            }

            return true;
        }

        private static List<int> Collect(KeyGroups.Side groups, KeyGroups.Group group)
        {
            var rows = new List<int>(group.Count);
            foreach (var row in groups.Rows(group))
            {
                rows.Add(row);
            }

            return rows;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private static List<int> OpenRows(byte[] state)
        {
            var rows = new List<int>();
            for (var i = 0; i < state.Length; i++)
            {
                if (state[i] == Open)
                {
                    rows.Add(i);
                }
            }

            return rows;
        }

        private void Match(int l, int r, MatchPass pass)
        {
            _leftState[l] = Matched;
            _rightState[r] = Matched;
            _classifier.ComparePair(l, r, pass, _breaks);
        }
    }

    /// <summary>
    /// Gives each break its stable id. Breaks that share profile, type, side, key and field (two unmatched records with
    /// the same key) are told apart by their order of creation, which depends only on row order within their partition.
    /// </summary>
    internal static List<Break> AssignIds(List<Break> breaks)
    {
        var seen = new Dictionary<(string, string, string, string), int>();
        var result = new List<Break>(breaks.Count);
        foreach (var b in breaks)
        {
            var identity = (b.BreakType, b.Side, b.Key, b.Field);
            var occurrence = seen.GetValueOrDefault(identity);
            seen[identity] = occurrence + 1;
            result.Add(b with { BreakId = BreakId.Compute(b.Profile, b.BreakType, b.Side, b.Key, b.Field, occurrence) });
        }

        result.Sort((a, b) => string.CompareOrdinal(a.BreakId, b.BreakId));
        return result;
    }
}
