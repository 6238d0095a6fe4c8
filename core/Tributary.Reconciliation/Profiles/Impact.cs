namespace Tributary.Reconciliation.Profiles;

/// <summary>
/// Values a difference (or a whole record) in the base currency:
/// base × product of <see cref="TimesFields"/> × <see cref="Scale"/> × (fx when <see cref="ToBase"/>).
/// </summary>
public sealed record Impact(IReadOnlyList<int> TimesFields, decimal Scale, bool ToBase)
{
    /// <summary>Impact of nothing (the profile does not value this).</summary>
    public static Impact None { get; } = new([], 0m, false);

    /// <summary>Values <paramref name="magnitude"/> with the fields of one row of a table; rounded to cents.</summary>
    public decimal Value(decimal magnitude, Records.RecordTable table, int row, int fxField)
    {
        var value = Math.Abs(magnitude) * Scale;
        foreach (var field in TimesFields)
        {
            value *= Math.Abs(table.Number(field, row));
        }

        // A side without the fx field is taken to be in the base currency (rather than valued at zero).
        if (ToBase && fxField >= 0 && table.Has(fxField))
        {
            value *= table.Number(fxField, row);
        }

        return Math.Round(value, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>Values <paramref name="magnitude"/> with the fields of one record; rounded to cents.</summary>
    /// <param name="number">The record's number for a field index (0 when the side lacks it).</param>
    /// <param name="fxField">Index of the fx-to-base field, or −1 when the profile has none.</param>
    public decimal Value(decimal magnitude, Func<int, decimal> number, int fxField)
    {
        var value = Math.Abs(magnitude) * Scale;
        foreach (var field in TimesFields)
        {
            value *= Math.Abs(number(field));
        }

        if (ToBase && fxField >= 0)
        {
            value *= number(fxField);
        }

        return Math.Round(value, 2, MidpointRounding.AwayFromZero);
    }
}
