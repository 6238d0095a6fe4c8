using Tributary.Generation.Transactions;

namespace Tributary.Generation.Anomalies;

/// <summary>Genuine but unusual behaviour, labelled separately from fraud; <see cref="None"/> for ordinary rows.</summary>
public enum AnomalyType : byte
{
    None,
    UnusualAmount,
    UnusualHour,
    UnusualLocation,
    UnusualCategory,
    UnusualChannel,
    RoundAmount,
    DuplicatePayment,
    MicroAmount,
    DeclinedRetry,
    NewDevice,
    LargeCashWithdrawal,
}

/// <summary>One anomaly pattern: label, one-line description, rows per episode and default share of anomalous rows.</summary>
public sealed record AnomalyPattern(AnomalyType Type, string Label, string Description, int Rows, double DefaultShare) : ILabelledPattern<AnomalyType>;

/// <summary>The documented catalogue of anomaly patterns (labels are what <c>anomaly_type</c> holds).</summary>
public static class AnomalyCatalog
{
    /// <summary>All patterns, indexed by <c>(int)type - 1</c>.</summary>
    public static IReadOnlyList<AnomalyPattern> All { get; } =
    [
        new(AnomalyType.UnusualAmount, "unusual_amount", "A genuine purchase at 6-15x the customer's usual ticket at an ordinary merchant.", 1, 0.12),
        new(AnomalyType.UnusualHour, "unusual_hour", "A genuine payment at least six hours away from the customer's usual hour.", 1, 0.10),
        new(AnomalyType.UnusualLocation, "unusual_location", "A genuine in-store payment in another city while travelling.", 1, 0.10),
        new(AnomalyType.UnusualCategory, "unusual_category", "A purchase in a category the customer's segment almost never uses.", 1, 0.10),
        new(AnomalyType.UnusualChannel, "unusual_channel", "A payment by the channel least used in that category.", 1, 0.08),
        new(AnomalyType.RoundAmount, "round_amount", "A large exact multiple of ₹10,000 paid to a person or a utility (rent, fees).", 1, 0.08),
        new(AnomalyType.DuplicatePayment, "duplicate_payment", "The same amount paid twice to the same merchant within a minute (a genuine double tap).", 2, 0.08),
        new(AnomalyType.MicroAmount, "micro_amount", "A genuine payment of ₹1-₹9 (a tip, a penny-drop account check).", 1, 0.08),
        new(AnomalyType.DeclinedRetry, "declined_retry", "A declined payment followed seconds later by the same payment approved.", 2, 0.08),
        new(AnomalyType.NewDevice, "new_device", "A genuine payment from a device the customer has not used before (new phone).", 1, 0.10),
        new(AnomalyType.LargeCashWithdrawal, "large_cash_withdrawal", "A genuine ATM withdrawal of ₹20,000-₹50,000 in the home city.", 1, 0.08),
    ];

    /// <summary>The pattern of a type (not <see cref="AnomalyType.None"/>).</summary>
    public static AnomalyPattern Of(AnomalyType type) => All[(int)type - 1];

    /// <summary>Label written in <c>anomaly_type</c> ("" for ordinary rows).</summary>
    public static string Label(AnomalyType type) => type == AnomalyType.None ? string.Empty : Of(type).Label;

    /// <summary>Parses a label back to its type (file readers); false when unknown.</summary>
    public static bool TryParse(ReadOnlySpan<char> label, out AnomalyType type) => PatternLabel.TryParse<AnomalyPattern, AnomalyType>(label, All, out type);
}
