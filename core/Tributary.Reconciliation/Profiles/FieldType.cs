namespace Tributary.Reconciliation.Profiles;

/// <summary>How a field's text is parsed.</summary>
public enum FieldType
{
    /// <summary>Normalised text (trimmed, whitespace collapsed, upper-cased).</summary>
    Text,

    /// <summary>A decimal number, invariant culture.</summary>
    Number,

    /// <summary>A calendar date, yyyy-MM-dd.</summary>
    Date,
}
