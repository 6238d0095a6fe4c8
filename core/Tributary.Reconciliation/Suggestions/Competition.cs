namespace Tributary.Reconciliation.Suggestions;

/// <summary>
/// Turns candidates' log-odds into confidences that account for ambiguity. Each record chooses among the groupings it
/// appears in, or none of them (weight 1): a grouping's share of a record is e^s / (1 + Σ e^s'), and its score is its
/// smallest share over its records. A lone candidate keeps the logistic probability; two equally good candidates each
/// get at most one half. The score goes through the model's isotonic calibration map. Near-equal groupings competing for
/// the same records (a near tie) are calibrated together instead: the tie competes as one option, its score goes through
/// the model's tie map (the observed share of ties one of whose groupings was right), and each tied grouping gets that
/// probability in proportion to its odds, so two equally good candidates each get half of it at most. Groupings that share a record are
/// mutually exclusive, so their confidences are kept from adding up to more than one (the weaker lowered to what the
/// stronger leaves; in a near tie both scaled to share it), and finally, so that each record is in at most one grouping of
/// confidence ≥ 0.5, groupings are taken surest first and one that shares a record with a surer taken grouping is capped
/// below 0.5.
/// </summary>
internal static class Competition
{
    // Groupings of one record may not add up to more than this.
    private const double MostPerRecord = 0.998;

    // Calibrated confidences closer than this are a tie: both give way.
    private const double NearTie = 0.05;

    /// <summary>
    /// Groupings sharing a record whose log-odds differ by at most this (odds within a factor of about 1.65) are a near
    /// tie: calibrated together, from the probability that one of them is right.
    /// </summary>
    public const double NearEqualLogits = 0.5;

    /// <summary>
    /// Confidences are reported to three decimals, truncated (never rounded up over 0.5); the ≥ 0.5 rule is checked on the
    /// reported values.
    /// </summary>
    public static double Round(double confidence) => Math.Floor(Math.Clamp(confidence, 0, 1) * 1000 + 1e-9) / 1000;

    /// <summary>Scores, calibrates and separates the candidates of one partition (in place).</summary>
    public static void Resolve(List<Candidate> candidates, Model.SuggestionModel model)
    {
        var byLeft = new Dictionary<int, List<Candidate>>();
        var byRight = new Dictionary<int, List<Candidate>>();
        foreach (var c in candidates)
        {
            foreach (var l in c.LeftRows) { (byLeft.TryGetValue(l, out var list) ? list : byLeft[l] = []).Add(c); }
            foreach (var r in c.RightRows) { (byRight.TryGetValue(r, out var list) ? list : byRight[r] = []).Add(c); }
        }

        foreach (var c in candidates)
        {
            var weight = Weight(c);
            var score = 1.0;
            foreach (var l in c.LeftRows)
            {
                score = Math.Min(score, weight / (1 + byLeft[l].Sum(Weight)));
            }

            foreach (var r in c.RightRows)
            {
                score = Math.Min(score, weight / (1 + byRight[r].Sum(Weight)));
            }

            c.Score = score;
            c.Tied = Tie(c, byLeft, byRight);
            if (c.Tied.Count == 0)
            {
                c.Confidence = model.Calibrate(c.Kind, score);
                continue;
            }

            // A near tie: the tied groupings compete as one option for the records, the probability that one of them is
            // right comes from the tie's own calibration, and each gets its part of it by its odds.
            var tieWeight = weight + c.Tied.Sum(Weight);
            c.Score = PooledScore(c, tieWeight, byLeft, byRight);
            c.Confidence = model.CalibrateTie(c.Score) * weight / tieWeight;
        }

        var calibrated = candidates.ToDictionary(c => c, c => c.Confidence);
        foreach (var c in candidates)
        {
            var rivals = Sharing(c, byLeft, byRight);
            c.Rivals = rivals.Count(o => o.Logit >= c.Logit - 1);
            foreach (var rival in rivals)
            {
                var mine = calibrated[c];
                var theirs = calibrated[rival];
                if (mine + theirs <= MostPerRecord)
                {
                    continue;
                }

                // A near tie shares what the two may have between them; otherwise the weaker gets what the stronger leaves.
                if (Math.Abs(mine - theirs) < NearTie)
                {
                    c.Confidence = Math.Min(c.Confidence, mine * MostPerRecord / (mine + theirs));
                }
                else if (mine < theirs)
                {
                    c.Confidence = Math.Min(c.Confidence, MostPerRecord - theirs);
                }
            }
        }

        foreach (var c in candidates)
        {
            c.Confidence = Round(Math.Max(0, c.Confidence));
        }

        Separate(candidates);
    }

    /// <summary>Enforces the at-most-one rule: surest first, later overlapping ones capped below 0.5.</summary>
    public static void Separate(List<Candidate> candidates)
    {
        candidates.Sort((a, b) => b.Confidence != a.Confidence ? b.Confidence.CompareTo(a.Confidence) : string.CompareOrdinal(a.Id, b.Id));
        var leftTaken = new HashSet<int>();
        var rightTaken = new HashSet<int>();
        foreach (var c in candidates)
        {
            if (c.Confidence < 0.5)
            {
                continue;
            }

            if (c.LeftRows.Any(leftTaken.Contains) || c.RightRows.Any(rightTaken.Contains))
            {
                c.Confidence = 0.499;
                continue;
            }

            leftTaken.UnionWith(c.LeftRows);
            rightTaken.UnionWith(c.RightRows);
        }
    }

    private static double Weight(Candidate c) => Math.Exp(Math.Min(c.Logit, 50));

    /// <summary>
    /// The groupings tied with <paramref name="c"/>: those sharing a record with it whose log-odds are within
    /// <see cref="NearEqualLogits"/> of its own (two counterparts of one record that are about equally good).
    /// </summary>
    private static List<Candidate> Tie(Candidate c, Dictionary<int, List<Candidate>> byLeft, Dictionary<int, List<Candidate>> byRight)
    {
        var tied = new List<Candidate>();
        foreach (var rival in Sharing(c, byLeft, byRight))
        {
            if (Math.Abs(rival.Logit - c.Logit) <= NearEqualLogits)
            {
                tied.Add(rival);
            }
        }

        tied.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return tied;
    }

    // The share the tie, as one option of weight tieWeight, gets of each of c's records against the groupings outside it;
    // the smallest over c's records.
    private static double PooledScore(Candidate c, double tieWeight, Dictionary<int, List<Candidate>> byLeft, Dictionary<int, List<Candidate>> byRight)
    {
        var score = 1.0;
        foreach (var list in c.LeftRows.Select(l => byLeft[l]).Concat(c.RightRows.Select(r => byRight[r])))
        {
            var outside = 0.0;
            foreach (var o in list)
            {
                if (o != c && !c.Tied.Contains(o))
                {
                    outside += Weight(o);
                }
            }

            score = Math.Min(score, tieWeight / (1 + tieWeight + outside));
        }

        return score;
    }

    // The other groupings that share a record with this one.
    private static HashSet<Candidate> Sharing(Candidate c, Dictionary<int, List<Candidate>> byLeft, Dictionary<int, List<Candidate>> byRight)
    {
        var rivals = new HashSet<Candidate>();
        foreach (var l in c.LeftRows) { rivals.UnionWith(byLeft[l]); }
        foreach (var r in c.RightRows) { rivals.UnionWith(byRight[r]); }
        rivals.Remove(c);
        return rivals;
    }
}
