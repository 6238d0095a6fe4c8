namespace Tributary.Hpi.Input;

/// <summary>Why an input row was rejected; counted per reason with <c>--skip-invalid</c>.</summary>
public enum RejectReason
{
    /// <summary>A required field is absent or empty.</summary>
    MissingField,
    /// <summary>The date is not ISO yyyy-MM-dd or lies outside 1900–2100.</summary>
    BadDate,
    /// <summary>The price is not a finite number.</summary>
    BadPrice,
    /// <summary>The price is zero or negative.</summary>
    NonPositivePrice,
    /// <summary>A number other than a price is unparsable.</summary>
    BadNumber,
    /// <summary>A number is outside its allowed range (shares, coordinates, measures, price cap).</summary>
    OutOfRange,
    /// <summary>The census tract is not listed in tracts.csv.</summary>
    UnknownTract,
    /// <summary>The row's CBSA differs from the CBSA its tract belongs to.</summary>
    CbsaMismatch,
    /// <summary>A tract (or tract-year) is listed twice.</summary>
    Duplicate,
    /// <summary>The row has more or fewer fields than the header.</summary>
    FieldCount,
}
