namespace Tributary.Abstractions.Input;

/// <summary>One problem in one input row, located precisely enough (file, line, field) for a user to fix it.</summary>
/// <param name="File">The input file's path as the user gave it.</param>
/// <param name="Line">1-based physical line number; the header is line 1. Zero when the problem concerns the whole file.</param>
/// <param name="Field">The column name, or null when the problem is not about one field.</param>
/// <param name="Problem">What is wrong, in words a data user understands.</param>
public sealed record InputError(string File, long Line, string? Field, string Problem)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}" : File;
        return Field is null ? $"{where}: {Problem}" : $"{where}: field '{Field}': {Problem}";
    }
}
