using Tributary.Abstractions.Input;

namespace Tributary.Forecast.Input;

/// <summary>Collects row errors of one file and stops the read once too many pile up, so every bad row is reported, none dropped.</summary>
internal static class InputErrors
{
    public const int MaxReported = 100;

    /// <summary>Throws when the cap is reached (called after each row).</summary>
    public static void ThrowIfFull(List<InputError> errors)
    {
        if (errors.Count >= MaxReported)
        {
            throw new InvalidInputException(errors.ToList());
        }
    }

    /// <summary>The reject policy for rows with the wrong field count (<see cref="CsvSource.Open"/>): collected like every other row error.</summary>
    public static Action<InputError> Collector(List<InputError> errors) => error =>
    {
        errors.Add(error);
        ThrowIfFull(errors);
    };

    /// <summary>Throws when any error was collected (called at the end of the file).</summary>
    public static void ThrowIfAny(List<InputError> errors)
    {
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors.ToList());
        }
    }
}
