using System.Globalization;
using Tributary.Abstractions.Input;

namespace Tributary.Forecast.Input;

/// <summary>The forecast inputs' field rules over the shared <see cref="CsvSource"/>: each failure is added as an error naming the field.</summary>
internal static class CsvFields
{
    /// <summary>Parses an ISO 8601 calendar date (yyyy-MM-dd).</summary>
    public static bool TryDate(this CsvSource source, int index, List<InputError> errors, out DateOnly date)
    {
        var text = source.Field(index);
        if (text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        date = default;
        errors.Add(source.Error(index, text is null ? "empty: expected a date yyyy-MM-dd" : $"'{text}' is not a date yyyy-MM-dd"));
        return false;
    }

    /// <summary>Parses a whole number in [min, max].</summary>
    public static bool TryInt(this CsvSource source, int index, List<InputError> errors, int min, int max, out int value)
    {
        var text = source.Field(index);
        if (text is not null && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        value = 0;
        errors.Add(source.Error(index, text is null ? "empty: expected a whole number" : $"'{text}' is not a whole number in [{min}, {max}]"));
        return false;
    }

    /// <summary>Parses a finite number in [min, max].</summary>
    public static bool TryNumber(this CsvSource source, int index, List<InputError> errors, double min, double max, out double value)
    {
        var text = source.Field(index);
        if (text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value) && value >= min && value <= max)
        {
            return true;
        }

        value = 0;
        errors.Add(source.Error(index, text is null ? "empty: expected a number" : $"'{text}' is not a number in [{min}, {max}]"));
        return false;
    }

    /// <summary>A required text field (names of markets, vendors, products).</summary>
    public static bool TryText(this CsvSource source, int index, List<InputError> errors, out string value)
    {
        var text = source.Field(index);
        if (text is not null)
        {
            value = text;
            return true;
        }

        value = "";
        errors.Add(source.Error(index, "empty"));
        return false;
    }
}
