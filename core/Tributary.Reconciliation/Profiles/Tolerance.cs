namespace Tributary.Reconciliation.Profiles;

/// <summary>How far two values may differ and still agree.</summary>
public enum ToleranceKind
{
    /// <summary>|right − left| ≤ value.</summary>
    Absolute,

    /// <summary>|right − left| ≤ value × |left|.</summary>
    Relative,

    /// <summary>|right − left| in days ≤ value (date fields).</summary>
    Days,
}

/// <summary>A tolerance; a difference exactly at the tolerance agrees, anything above it breaks.</summary>
public readonly record struct Tolerance(ToleranceKind Kind, decimal Value)
{
    /// <summary>Exact equality.</summary>
    public static Tolerance Exact => new(ToleranceKind.Absolute, 0m);

    /// <summary>Whether two numbers (or day numbers for dates) agree.</summary>
    public bool Agrees(decimal left, decimal right)
    {
        var difference = Math.Abs(right - left);
        return Kind switch
        {
            ToleranceKind.Relative => difference <= Value * Math.Abs(left),
            _ => difference <= Value,
        };
    }
}
