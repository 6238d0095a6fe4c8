using Tributary.Reconciliation.Breaks;
using Tributary.Reconciliation.Matching;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;

namespace Tributary.Reconciliation.Suggestions;

/// <summary>
/// The fifth step: after the four passes, proposes groupings of the records left unmatched, partition by partition
/// (one-to-one, one-to-many, many-to-one), each with a calibrated confidence, a one-line explanation and the profile change
/// that would have matched it. Pure: the same bucket gives the same suggestions, and a partition never spans buckets, so a
/// run gives the same suggestions for any bucket count.
/// </summary>
public static class SuggestionStep
{
    /// <summary>
    /// Suggests groupings of the open rows. <paramref name="breaks"/> are the bucket's breaks with ids; each open row's
    /// unmatched break is found by its record number.
    /// </summary>
    public static SuggestionBatch Run(ReconciliationProfile profile, RecordTable left, RecordTable right, IReadOnlyList<int> leftOpen,
        IReadOnlyList<int> rightOpen, IReadOnlyList<Break> breaks, SuggestionOptions options)
    {
        if (!options.Enabled || !profile.Suggestions.Enabled || leftOpen.Count == 0 || rightOpen.Count == 0)
        {
            return SuggestionBatch.Empty;
        }

        var roles = SuggestionRoles.Of(profile);
        var weights = options.Weights ?? FieldWeights.Estimate(roles, left, right);
        var model = options.Model ?? Model.SuggestionModel.Default;
        var search = new CandidateSearch(roles, weights, model, left, right);
        var leftBreaks = new Dictionary<int, Break>();
        var rightBreaks = new Dictionary<int, Break>();
        foreach (var b in breaks)
        {
            if (b.MatchPass != MatchPass.Unmatched)
            {
                continue;
            }

            if (b.LeftRecord is { } lr) { leftBreaks[lr] = b; }
            if (b.RightRecord is { } rr) { rightBreaks[rr] = b; }
        }

        // Open rows by partition, in order of first appearance.
        var partitions = new Dictionary<RowRef, (List<int> Left, List<int> Right)>(new RowKeyComparer(left, right, profile.PartitionKey));
        foreach (var l in leftOpen)
        {
            if (!partitions.TryGetValue(new RowRef(false, l), out var p))
            {
                partitions[new RowRef(false, l)] = p = ([], []);
            }

            p.Left.Add(l);
        }

        foreach (var r in rightOpen)
        {
            if (partitions.TryGetValue(new RowRef(true, r), out var p))
            {
                p.Right.Add(r);
            }
        }

        var suggestions = new List<Suggestion>();
        var kept = new List<ScoredCandidate>();
        var candidates = new List<Candidate>();
        foreach (var (key, (leftRows, rightRows)) in partitions)
        {
            if (rightRows.Count == 0)
            {
                continue;
            }

            candidates.Clear();
            search.OneToOne(leftRows, rightRows, candidates);
            search.Groups(true, leftRows, rightRows, candidates);
            search.Groups(false, rightRows, leftRows, candidates);
            foreach (var c in candidates)
            {
                c.Id = Suggestion.Fingerprint(profile.Name, c.Kind, BreakIds(c, left, right, leftBreaks, rightBreaks));
            }

            candidates.RemoveAll(c => options.Rejected.Contains(c.Id));
            Competition.Resolve(candidates, model);
            var partition = string.Join('|', profile.PartitionKey.Select(f => left.Display(f.Index, key.Row)));
            foreach (var c in candidates)
            {
                if (options.KeepCandidates)
                {
                    kept.Add(new ScoredCandidate(c.Kind, c.LeftRows.Select(left.Record).ToArray(), c.RightRows.Select(right.Record).ToArray(),
                        c.Evidence.Features, c.Score, c.Confidence)
                    {
                        Tied = c.Tied.Select(t => new TiedGrouping(t.Kind, t.LeftRows.Select(left.Record).ToArray(), t.RightRows.Select(right.Record).ToArray())).ToArray(),
                    });
                }

                if (c.Confidence < options.MinConfidence)
                {
                    continue;
                }

                var evidence = search.Scorer.Score(c.LeftRows, c.RightRows, c.Evidence.Candidates, c.Evidence.Capped, describe: true);
                var members = c.LeftRows.Select(l => leftBreaks[left.Record(l)]).Concat(c.RightRows.Select(r => rightBreaks[right.Record(r)])).ToList();
                suggestions.Add(new Suggestion
                {
                    SuggestionId = c.Id,
                    Profile = profile.Name,
                    Kind = c.Kind,
                    Partition = partition,
                    LeftRecords = c.LeftRows.Select(left.Record).Order().ToArray(),
                    RightRecords = c.RightRows.Select(right.Record).Order().ToArray(),
                    BreakIds = members.Select(b => b.BreakId).Order(StringComparer.Ordinal).ToArray(),
                    Confidence = c.Confidence,
                    Explanation = Explanation.Write(c.Kind, evidence, c.Rivals),
                    WouldMatchIf = WouldMatch.Describe(profile, left, right, c.LeftRows, c.RightRows),
                    Value = members.Sum(b => b.FinancialImpact),
                    Evidence = evidence,
                });
            }
        }

        return new SuggestionBatch(suggestions, search.CappedSearches, kept);
    }

    private static IEnumerable<string> BreakIds(Candidate c, RecordTable left, RecordTable right, Dictionary<int, Break> leftBreaks,
        Dictionary<int, Break> rightBreaks) =>
        c.LeftRows.Select(l => leftBreaks[left.Record(l)].BreakId).Concat(c.RightRows.Select(r => rightBreaks[right.Record(r)].BreakId));

    /// <summary>Orders suggestions for output: surest first, then by id (stable for any bucket count).</summary>
    public static int Compare(Suggestion a, Suggestion b) =>
        a.Confidence != b.Confidence ? b.Confidence.CompareTo(a.Confidence) : string.CompareOrdinal(a.SuggestionId, b.SuggestionId);
}
