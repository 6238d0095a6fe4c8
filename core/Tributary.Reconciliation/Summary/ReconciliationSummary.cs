using System.Text.Json.Serialization;
using Tributary.Reconciliation.Breaks;

namespace Tributary.Reconciliation.Summary;

/// <summary>
/// Counts and totals of a reconciliation. Every figure is a sum, a count or a maximum, so bucket summaries
/// <see cref="Merge"/> into the run's summary in any order with the same result (the fan-in step of the pipeline).
/// </summary>
public sealed class ReconciliationSummary
{
    public string Profile { get; set; } = "";
    public string BaseCurrency { get; set; } = "";

    /// <summary>The date open breaks are aged against.</summary>
    public DateOnly? AsOf { get; set; }

    /// <summary>How many bucket summaries were merged into this one.</summary>
    public int Buckets { get; set; } = 1;

    public long LeftRecords { get; set; }
    public long RightRecords { get; set; }

    /// <summary>Left records matched, by pass name (exact_key, secondary_key, split).</summary>
    public SortedDictionary<string, long> MatchedLeftByPass { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Right records matched, by pass name.</summary>
    public SortedDictionary<string, long> MatchedRightByPass { get; set; } = new(StringComparer.Ordinal);

    public long Duplicates { get; set; }
    public long Breaks { get; set; }
    public SortedDictionary<string, long> BreaksByType { get; set; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> BreaksBySeverity { get; set; } = new(StringComparer.Ordinal);
    public decimal TotalFinancialImpact { get; set; }
    public decimal LargestFinancialImpact { get; set; }
    public string? LargestBreakId { get; set; }

    /// <summary>Open breaks by age band in days at <see cref="AsOf"/> (0-1, 2-7, 8-30, 31-90, over_90, undated).</summary>
    public SortedDictionary<string, long> OpenBreakAgeing { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Open breaks past their due date (the profile's service levels) at <see cref="AsOf"/>.</summary>
    public long OverdueBreaks { get; set; }

    /// <summary>Overdue breaks by severity.</summary>
    public SortedDictionary<string, long> OverdueBySeverity { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Financial impact of the unmatched breaks (both sides).</summary>
    public decimal UnmatchedValue { get; set; }

    /// <summary>Suggested groupings reported (confidence at least the reporting minimum).</summary>
    public long Suggestions { get; set; }

    /// <summary>Suggestions by kind (one_to_one, one_to_many, many_to_one).</summary>
    public SortedDictionary<string, long> SuggestionsByKind { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Suggestions of confidence ≥ 0.5 (each record is in at most one of them).</summary>
    public long ConfidentSuggestions { get; set; }

    /// <summary>Impact of the unmatched breaks that confident suggestions would clear.</summary>
    public decimal SuggestedValue { get; set; }

    /// <summary>Targets whose suggestion search a cap cut short (see docs/reconciliation.md, Suggestions).</summary>
    public long SuggestionSearchesCapped { get; set; }

    /// <summary>Share of <see cref="UnmatchedValue"/> that confident suggestions would clear.</summary>
    [JsonInclude]
    public double SuggestedValueShare
    {
        get => UnmatchedValue == 0 ? 0.0 : (double)(SuggestedValue / UnmatchedValue);
        private set { }
    }

    /// <summary>Matched records (both sides) over all records.</summary>
    [JsonInclude]
    public double MatchRate
    {
        get
        {
            var total = LeftRecords + RightRecords;
            return total == 0 ? 1.0 : (double)(MatchedLeftByPass.Values.Sum() + MatchedRightByPass.Values.Sum()) / total;
        }

        private set { }
    }

    /// <summary>A new empty summary for a profile.</summary>
    public static ReconciliationSummary Empty(string profile, string baseCurrency, DateOnly? asOf) =>
        new() { Profile = profile, BaseCurrency = baseCurrency, AsOf = asOf, Buckets = 0 };

    internal void CountMatch(MatchPass pass, int left, int right)
    {
        Add(MatchedLeftByPass, pass.Name(), left);
        Add(MatchedRightByPass, pass.Name(), right);
    }

    internal void CountBreak(Break b)
    {
        Breaks++;
        Add(BreaksByType, b.BreakType, 1);
        Add(BreaksBySeverity, b.Severity.Name(), 1);
        TotalFinancialImpact += b.FinancialImpact;
        Largest(b.FinancialImpact, b.BreakId);
        if (b.Status == Workflow.BreakStatus.Open)
        {
            Add(OpenBreakAgeing, AgeBand(b.AgeDays), 1);
        }

        if (b.Overdue)
        {
            OverdueBreaks++;
            Add(OverdueBySeverity, b.Severity.Name(), 1);
        }

        if (b.MatchPass == MatchPass.Unmatched)
        {
            UnmatchedValue += b.FinancialImpact;
        }
    }

    internal void CountSuggestions(Tributary.Reconciliation.Suggestions.SuggestionBatch batch)
    {
        SuggestionSearchesCapped += batch.CappedSearches;
        foreach (var s in batch.Suggestions)
        {
            Suggestions++;
            Add(SuggestionsByKind, Tributary.Reconciliation.Suggestions.SuggestionKindNames.Name(s.Kind), 1);
            if (s.Confidence >= 0.5)
            {
                ConfidentSuggestions++;
                SuggestedValue += s.Value;
            }
        }
    }

    /// <summary>The age band name for an age in days.</summary>
    public static string AgeBand(int? days) => days switch
    {
        null => "undated",
        <= 1 => "0-1",
        <= 7 => "2-7",
        <= 30 => "8-30",
        <= 90 => "31-90",
        _ => "over_90",
    };

    /// <summary>Adds another summary (another bucket of the same run) into this one.</summary>
    public void Merge(ReconciliationSummary other)
    {
        if (Profile.Length > 0 && other.Profile.Length > 0 && Profile != other.Profile)
        {
            throw new InvalidOperationException($"cannot merge a '{other.Profile}' summary into a '{Profile}' one");
        }

        Profile = Profile.Length > 0 ? Profile : other.Profile;
        BaseCurrency = BaseCurrency.Length > 0 ? BaseCurrency : other.BaseCurrency;
        AsOf ??= other.AsOf;
        Buckets += other.Buckets;
        LeftRecords += other.LeftRecords;
        RightRecords += other.RightRecords;
        Duplicates += other.Duplicates;
        Breaks += other.Breaks;
        TotalFinancialImpact += other.TotalFinancialImpact;
        if (other.LargestBreakId is not null)
        {
            Largest(other.LargestFinancialImpact, other.LargestBreakId);
        }

        AddAll(MatchedLeftByPass, other.MatchedLeftByPass);
        AddAll(MatchedRightByPass, other.MatchedRightByPass);
        AddAll(BreaksByType, other.BreaksByType);
        AddAll(BreaksBySeverity, other.BreaksBySeverity);
        AddAll(OpenBreakAgeing, other.OpenBreakAgeing);
        OverdueBreaks += other.OverdueBreaks;
        AddAll(OverdueBySeverity, other.OverdueBySeverity);
        UnmatchedValue += other.UnmatchedValue;
        Suggestions += other.Suggestions;
        AddAll(SuggestionsByKind, other.SuggestionsByKind);
        ConfidentSuggestions += other.ConfidentSuggestions;
        SuggestedValue += other.SuggestedValue;
        SuggestionSearchesCapped += other.SuggestionSearchesCapped;
    }

    // Ties go to the smaller id so the result does not depend on merge order.
    private void Largest(decimal impact, string id)
    {
        if (LargestBreakId is null || impact > LargestFinancialImpact
            || (impact == LargestFinancialImpact && string.CompareOrdinal(id, LargestBreakId) < 0))
        {
            LargestFinancialImpact = impact;
            LargestBreakId = id;
        }
    }

    private static void Add(SortedDictionary<string, long> counts, string key, long n)
    {
        if (n == 0)
        {
            return;
        }

        counts[key] = counts.GetValueOrDefault(key) + n;
    }

    private static void AddAll(SortedDictionary<string, long> into, SortedDictionary<string, long> from)
    {
        foreach (var (key, n) in from)
        {
            Add(into, key, n);
        }
    }
}
