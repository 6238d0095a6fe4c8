namespace Tributary.Generation.Reference;

/// <summary>
/// A customer segment: its share of customers, income band weights, age range, transactions per day, spend multiplier
/// on the category's typical ticket, and how strongly it prefers each category (same order as <see cref="MerchantCategories.All"/>).
/// </summary>
public sealed record CustomerSegment(
    string Name, double Share, int MinAge, int MaxAge, double DailyTransactions, double SpendMultiplier,
    double[] IncomeBandWeights, double[] CategoryWeights);

/// <summary>The segment and income band tables.</summary>
public static class CustomerSegments
{
    /// <summary>Income bands, poorest first.</summary>
    public static IReadOnlyList<string> IncomeBands { get; } = ["low", "lower_middle", "middle", "upper_middle", "high"];

    /// <summary>Risk profiles, safest first.</summary>
    public static IReadOnlyList<string> RiskProfiles { get; } = ["low", "medium", "high"];

    /// <summary>All segments.</summary>
    public static IReadOnlyList<CustomerSegment> All { get; } =
    [
        //                                                     groc rest food fuel phar appa elec ecom trav util rech educ heal ente jewl gami p2p  atm
        new("student", 0.18, 18, 25, 2.2, 0.6, [0.35, 0.40, 0.20, 0.05, 0.0],
            [0.10, 0.14, 0.14, 0.02, 0.03, 0.06, 0.02, 0.08, 0.01, 0.01, 0.10, 0.04, 0.01, 0.08, 0.00, 0.05, 0.08, 0.04]),
        new("young_professional", 0.26, 23, 35, 2.8, 1.1, [0.05, 0.25, 0.40, 0.22, 0.08],
            [0.14, 0.12, 0.12, 0.06, 0.04, 0.07, 0.03, 0.09, 0.03, 0.04, 0.05, 0.01, 0.02, 0.06, 0.01, 0.02, 0.06, 0.04]),
        new("family", 0.30, 30, 55, 2.0, 1.3, [0.10, 0.30, 0.35, 0.18, 0.07],
            [0.24, 0.08, 0.05, 0.08, 0.07, 0.07, 0.03, 0.06, 0.02, 0.07, 0.04, 0.04, 0.04, 0.03, 0.02, 0.00, 0.04, 0.05]),
        new("small_business", 0.12, 28, 60, 3.0, 1.8, [0.05, 0.20, 0.35, 0.25, 0.15],
            [0.16, 0.08, 0.04, 0.10, 0.04, 0.05, 0.05, 0.08, 0.04, 0.07, 0.04, 0.01, 0.03, 0.02, 0.03, 0.00, 0.11, 0.07]),
        new("senior", 0.14, 60, 85, 1.2, 0.9, [0.25, 0.35, 0.25, 0.10, 0.05],
            [0.26, 0.06, 0.02, 0.04, 0.16, 0.04, 0.02, 0.02, 0.03, 0.09, 0.04, 0.00, 0.12, 0.02, 0.02, 0.00, 0.02, 0.08]),
    ];

    /// <summary>Income multiplier on spend per band.</summary>
    public static IReadOnlyList<double> IncomeMultiplier { get; } = [0.5, 0.8, 1.0, 1.5, 2.6];
}
