namespace Tributary.Generation.Transactions;

/// <summary>A fraud or anomaly pattern as a row label: the type and the text written in its column.</summary>
public interface ILabelledPattern<out TType>
    where TType : struct, Enum
{
    /// <summary>The pattern's type (never the enum's zero value, which means "no pattern").</summary>
    TType Type { get; }

    /// <summary>The text written in the label column.</summary>
    string Label { get; }
}

/// <summary>Reading labels back into pattern types, shared by the fraud and anomaly catalogues.</summary>
public static class PatternLabel
{
    /// <summary>Parses a label to its type; an empty label is the enum's zero value (no pattern); false when unknown.</summary>
    public static bool TryParse<TPattern, TType>(ReadOnlySpan<char> label, IReadOnlyList<TPattern> patterns, out TType type)
        where TPattern : ILabelledPattern<TType>
        where TType : struct, Enum
    {
        type = default;
        if (label.IsEmpty)
        {
            return true;
        }

        foreach (var pattern in patterns)
        {
            if (label.SequenceEqual(pattern.Label))
            {
                type = pattern.Type;
                return true;
            }
        }

        return false;
    }
}
