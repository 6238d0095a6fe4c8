namespace Tributary.Reconciliation.Suggestions;

/// <summary>A grouping the search found, with its evidence and the model's log-odds (rows are the bucket's own).</summary>
internal sealed class Candidate(SuggestionKind kind, int[] leftRows, int[] rightRows, Evidence evidence, double logit)
{
    public SuggestionKind Kind { get; } = kind;
    public int[] LeftRows { get; } = leftRows;
    public int[] RightRows { get; } = rightRows;
    public Evidence Evidence { get; } = evidence;
    public double Logit { get; } = logit;

    /// <summary>
    /// After competition: the smallest share this grouping gets of any of its records' options (for a near tie, the share
    /// the tie gets as one option).
    /// </summary>
    public double Score { get; set; }

    /// <summary>Calibrated, then lowered where a surer grouping took one of its records.</summary>
    public double Confidence { get; set; }

    /// <summary>Other groupings sharing a record that score nearly as well (within one unit of log-odds).</summary>
    public int Rivals { get; set; }

    /// <summary>The near-equal groupings competing for its records (<see cref="Competition.NearEqualLogits"/>); empty when none.</summary>
    public List<Candidate> Tied { get; set; } = [];

    public string Id { get; set; } = "";
}
