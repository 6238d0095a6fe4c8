namespace Tributary.Reconciliation.Records;

/// <summary>
/// Text normalisation applied to every text field on read, so keys that differ only in case or spacing match:
/// leading and trailing whitespace is trimmed, every inner run of whitespace becomes one space, and letters are
/// upper-cased with invariant rules ("  ab  c1 " → "AB C1"). Breaks report the normalised values.
/// </summary>
public static class KeyNormalizer
{
    /// <summary>Writes the normalised form of <paramref name="input"/> into <paramref name="output"/> (at least as long) and returns its length.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static int Normalize(ReadOnlySpan<char> input, Span<char> output)
    {
        var length = 0;
        var pendingSpace = false;
        foreach (var c in input)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = length > 0;
                continue;
            }

            if (pendingSpace)
            {
                output[length++] = ' ';
                pendingSpace = false;
            }

            output[length++] = char.ToUpperInvariant(c);
        }

        return length;
    }

    /// <summary>The normalised form of a string.</summary>
    public static string Normalize(string input)
    {
        var buffer = input.Length <= 256 ? stackalloc char[input.Length] : new char[input.Length];
        var length = Normalize(input, buffer);
        return new string(buffer[..length]);
    }
}
