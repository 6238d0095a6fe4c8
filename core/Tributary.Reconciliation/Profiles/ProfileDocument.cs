using System.Text.Json.Serialization;

namespace Tributary.Reconciliation.Profiles;

// The JSON shape of a profile, exactly as a user writes it. It is validated and resolved into a
// ReconciliationProfile by ProfileLoader; the engine never reads these raw documents.

/// <summary>A reconciliation profile as written in JSON (see docs/reconciliation.md for a full example).</summary>
public sealed class ProfileDocument
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? BaseCurrency { get; set; }
    public List<FieldDocument>? Fields { get; set; }
    public List<string>? PartitionKey { get; set; }
    public List<string>? Key { get; set; }
    public SecondaryKeyDocument? SecondaryKey { get; set; }
    public SplitDocument? Split { get; set; }
    public List<CompareDocument>? Compare { get; set; }
    public ValuationDocument? Valuation { get; set; }
    public UnmatchedDocument? Unmatched { get; set; }
    public string? AgeingDateField { get; set; }
    public SeverityDocument? Severity { get; set; }
    /// <summary>Days to close a break, by severity name (low, medium, high, critical), counted from the record date.</summary>
    public Dictionary<string, int>? Sla { get; set; }
    public SuggestionsDocument? Suggestions { get; set; }
}

/// <summary>Optional tuning of suggested matches; every member has a default derived from the profile.</summary>
public sealed class SuggestionsDocument
{
    /// <summary>false turns suggestions off for this profile.</summary>
    public bool? Enabled { get; set; }
    /// <summary>The number field whose differences are judged as fees or rounding (default: the record value's field).</summary>
    public string? Amount { get; set; }
    /// <summary>The date field candidates are compared on (default: the ageing date field).</summary>
    public string? Date { get; set; }
    /// <summary>Candidates may be booked this many days apart at most (default 10).</summary>
    public int? DateWindowDays { get; set; }
    /// <summary>Most records on the many side of a one-to-many or many-to-one suggestion (2..4, default 4).</summary>
    public int? MaxParts { get; set; }
}

/// <summary>One logical field and the column that carries it on each side.</summary>
public sealed class FieldDocument
{
    public string? Name { get; set; }
    /// <summary>text, number or date (yyyy-MM-dd).</summary>
    public string? Type { get; set; }
    public string? Left { get; set; }
    public string? Right { get; set; }
}

/// <summary>Pass 2: exact fields plus one field matched within a tolerance.</summary>
public sealed class SecondaryKeyDocument
{
    public List<string>? Fields { get; set; }
    public ToleranceDocument? Tolerance { get; set; }
}

/// <summary>Pass 3: records grouped by these fields whose sums agree match one-to-many or many-to-one.</summary>
public sealed class SplitDocument
{
    public List<string>? Fields { get; set; }
    public List<string>? Sum { get; set; }
}

/// <summary>A tolerance; <c>Field</c> is used only inside a secondary key.</summary>
public sealed class ToleranceDocument
{
    public string? Field { get; set; }
    /// <summary>absolute, relative or days.</summary>
    public string? Kind { get; set; }
    public decimal Value { get; set; }
}

/// <summary>One compared field of a matched pair.</summary>
public sealed class CompareDocument
{
    public string? Field { get; set; }
    public ToleranceDocument? Tolerance { get; set; }
    public string? BreakType { get; set; }
    /// <summary>Break type when the right value is lower than the left one (e.g. shrinkage).</summary>
    public string? WhenRightLower { get; set; }
    /// <summary>Break type when the right value is higher than the left one (e.g. overage).</summary>
    public string? WhenRightHigher { get; set; }
    public ImpactDocument? Impact { get; set; }
}

/// <summary>How a difference or a record is valued: |difference| × product of fields × scale × fx to base.</summary>
public sealed class ImpactDocument
{
    public List<string>? Times { get; set; }
    public decimal? Scale { get; set; }
    public bool? ToBase { get; set; }
}

/// <summary>Valuation of whole records (unmatched, duplicate) and the fx field that converts to base currency.</summary>
public sealed class ValuationDocument
{
    public string? FxField { get; set; }
    public ImpactDocument? RecordValue { get; set; }
}

/// <summary>Break type names for records left unmatched on each side.</summary>
public sealed class UnmatchedDocument
{
    public string? Left { get; set; }
    public string? Right { get; set; }
}

/// <summary>Severity rules: the first rule that applies wins, otherwise the default.</summary>
public sealed class SeverityDocument
{
    [JsonPropertyName("default")]
    public string? Default { get; set; }
    public List<SeverityRuleDocument>? Rules { get; set; }
}

/// <summary>Applies when the break type is listed (or no types are listed) and the impact is at least MinImpact.</summary>
public sealed class SeverityRuleDocument
{
    public List<string>? BreakTypes { get; set; }
    public decimal MinImpact { get; set; }
    public string? Severity { get; set; }
}
