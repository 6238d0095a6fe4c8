namespace Tributary.Generation.Quality;

/// <summary>One check's verdict: what was measured, against which threshold, and whether it passed.</summary>
public sealed record QualityCheck(string Scope, string Name, string Observed, string Threshold, bool Passed);

/// <summary>Counts and distributions of one file or one run, plus the verdict of every check.</summary>
public sealed record QualityReport(
    string Scope,
    long Rows,
    IReadOnlyList<QualityCheck> Checks,
    SortedDictionary<string, long> AmountBuckets,
    SortedDictionary<string, long> Channels,
    SortedDictionary<string, long> Categories,
    SortedDictionary<string, long> Hours,
    SortedDictionary<string, long> States,
    SortedDictionary<string, long> FraudByType,
    SortedDictionary<string, long> AnomalyByType)
{
    /// <summary>True when every check passed.</summary>
    public bool Passed => Checks.All(c => c.Passed);

    /// <summary>The first problems found, each naming file, line and field (capped at 20).</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];
}

/// <summary>The quality of a whole run: the run-level report and one report per file.</summary>
public sealed record RunQualityReport(QualityReport Run, IReadOnlyList<QualityReport> Files)
{
    /// <summary>True when every check of the run and of every file passed.</summary>
    public bool Passed => Run.Passed && Files.All(f => f.Passed);

    /// <summary>All failed checks, run first.</summary>
    public IEnumerable<QualityCheck> Failures => Run.Checks.Concat(Files.SelectMany(f => f.Checks)).Where(c => !c.Passed);
}
