namespace Tributary.Abstractions.Input;

/// <summary>Input that cannot be used as it is. Carries every error found (capped), so one run reports them together.</summary>
public sealed class InvalidInputException : Exception
{
    /// <summary>The errors found, first one first.</summary>
    public IReadOnlyList<InputError> Errors { get; }

    public InvalidInputException(InputError error)
        : this([error])
    {
    }

    public InvalidInputException(IReadOnlyList<InputError> errors)
        : base(Describe(errors))
    {
        if (errors.Count == 0)
        {
            throw new ArgumentException("An invalid-input exception needs at least one error.", nameof(errors));
        }

        Errors = errors;
    }

    private static string Describe(IReadOnlyList<InputError> errors) =>
        errors.Count switch
        {
            0 => "invalid input",
            1 => errors[0].ToString(),
            _ => $"{errors[0]} (and {errors.Count - 1} more)",
        };
}
