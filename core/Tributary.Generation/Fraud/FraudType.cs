using Tributary.Generation.Transactions;

namespace Tributary.Generation.Fraud;

/// <summary>The fraud patterns; <see cref="None"/> marks a genuine transaction. Documented in <see cref="FraudCatalog"/>.</summary>
public enum FraudType : byte
{
    None,
    CardTesting,
    AccountTakeover,
    VelocityBurst,
    ImpossibleTravel,
    MerchantCollusion,
    RefundAbuse,
    SimSwap,
    MuleFanIn,
    AtmCashOut,
    Phishing,
    CardCloning,
    Structuring,
    PromoAbuse,
    BustOut,
    FriendlyFraud,
}

/// <summary>One fraud pattern: its label, one-line description, episode length and default share of fraud rows.</summary>
public sealed record FraudPattern(FraudType Type, string Label, string Description, int MinRows, int MaxRows, double DefaultShare) : ILabelledPattern<FraudType>
{
    /// <summary>Mean rows per episode.</summary>
    public double MeanRows => (MinRows + MaxRows) / 2.0;
}

/// <summary>The documented catalogue of fraud patterns (labels are what <c>fraud_type</c> holds).</summary>
public static class FraudCatalog
{
    /// <summary>All patterns, indexed by <c>(int)type - 1</c>.</summary>
    public static IReadOnlyList<FraudPattern> All { get; } =
    [
        new(FraudType.CardTesting, "card_testing", "A stolen card is probed with 5-8 card payments under ₹100 at online merchants within minutes; most are declined.", 5, 8, 0.09),
        new(FraudType.AccountTakeover, "account_takeover", "A new device in another city logs in and moves 8-30x the customer's usual ticket by net banking or UPI.", 2, 3, 0.08),
        new(FraudType.VelocityBurst, "velocity_burst", "6-10 payments at different merchants from one customer inside five minutes.", 6, 10, 0.08),
        new(FraudType.ImpossibleTravel, "impossible_travel", "Two card-present payments at least 1,000 km apart within an hour (faster than any flight).", 2, 2, 0.06),
        new(FraudType.MerchantCollusion, "merchant_collusion", "Round-thousand card payments of ₹5,000-₹50,000 at a merchant in a collusion ring.", 1, 3, 0.06),
        new(FraudType.RefundAbuse, "refund_abuse", "3-5 refunded orders from the same online merchant by one customer within an hour or two.", 3, 5, 0.07),
        new(FraudType.SimSwap, "sim_swap", "After a SIM swap, a new mobile device drains ₹20,000-₹90,000 by UPI in 2-4 transfers.", 2, 4, 0.07),
        new(FraudType.MuleFanIn, "mule_fan_in", "5-10 different customers pay the same mule account by UPI within an hour.", 5, 10, 0.08),
        new(FraudType.AtmCashOut, "atm_cash_out", "3-5 cash withdrawals of ₹10,000-₹20,000 (multiples of ₹5,000) from one card within an hour.", 3, 5, 0.06),
        new(FraudType.Phishing, "phishing", "A coached victim sends 10-40x their usual transfer to an unknown payee by UPI from their own phone.", 1, 1, 0.06),
        new(FraudType.CardCloning, "card_cloning", "A skimmed card is used at a shop at least 500 km from the customer's home city.", 1, 2, 0.06),
        new(FraudType.Structuring, "structuring", "3-5 transfers of ₹45,000-₹49,999, just under the ₹50,000 reporting threshold.", 3, 5, 0.06),
        new(FraudType.PromoAbuse, "promo_abuse", "4-6 identical small wallet payments at one online merchant to farm cashback, each from a fresh device.", 4, 6, 0.06),
        new(FraudType.BustOut, "bust_out", "3-5 card purchases of strictly rising value ending at 20x+ the usual ticket (capped at ₹4.9 lakh), before the account goes dark.", 3, 5, 0.06),
        new(FraudType.FriendlyFraud, "friendly_fraud", "A genuine-looking online purchase that the customer later charges back.", 1, 1, 0.05),
    ];

    /// <summary>The pattern of a type (not <see cref="FraudType.None"/>).</summary>
    public static FraudPattern Of(FraudType type) => All[(int)type - 1];

    /// <summary>Label written in <c>fraud_type</c> ("" for genuine rows).</summary>
    public static string Label(FraudType type) => type == FraudType.None ? string.Empty : Of(type).Label;

    /// <summary>Parses a label back to its type (file readers); false when unknown.</summary>
    public static bool TryParse(ReadOnlySpan<char> label, out FraudType type) => PatternLabel.TryParse<FraudPattern, FraudType>(label, All, out type);
}
