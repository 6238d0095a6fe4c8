namespace Tributary.Generation.Reference;

/// <summary>
/// A merchant category with its ISO 18245 MCC, typical ticket in rupees, share of online merchants, inherent risk
/// and the mix of payment channels used there (UPI, card, net banking, wallet, cash withdrawal).
/// </summary>
public sealed record MerchantCategory(
    string Name, int Mcc, double TypicalTicketInr, double OnlineShare, double Risk, double[] ChannelMix, double MerchantShare);

/// <summary>The category table. Index positions are what rows carry.</summary>
public static class MerchantCategories
{
    /// <summary>All categories.</summary>
    public static IReadOnlyList<MerchantCategory> All { get; } =
    [
        new("grocery", 5411, 280, 0.15, 0.05, [0.70, 0.15, 0.00, 0.15, 0.0], 0.16),
        new("restaurant", 5812, 350, 0.10, 0.05, [0.65, 0.25, 0.00, 0.10, 0.0], 0.12),
        new("food_delivery", 5814, 320, 1.00, 0.10, [0.60, 0.20, 0.02, 0.18, 0.0], 0.04),
        new("fuel", 5541, 800, 0.00, 0.10, [0.60, 0.35, 0.00, 0.05, 0.0], 0.06),
        new("pharmacy", 5912, 260, 0.20, 0.05, [0.70, 0.20, 0.00, 0.10, 0.0], 0.06),
        new("apparel", 5651, 1600, 0.40, 0.15, [0.40, 0.45, 0.05, 0.10, 0.0], 0.07),
        new("electronics", 5732, 18000, 0.50, 0.35, [0.20, 0.60, 0.15, 0.05, 0.0], 0.04),
        new("ecommerce", 5399, 900, 1.00, 0.30, [0.40, 0.35, 0.10, 0.15, 0.0], 0.05),
        new("travel", 4722, 9000, 0.80, 0.30, [0.30, 0.45, 0.20, 0.05, 0.0], 0.03),
        new("utilities", 4900, 1800, 0.90, 0.05, [0.55, 0.10, 0.30, 0.05, 0.0], 0.04),
        new("mobile_recharge", 4814, 299, 1.00, 0.15, [0.70, 0.05, 0.05, 0.20, 0.0], 0.04),
        new("education", 8299, 15000, 0.60, 0.05, [0.40, 0.20, 0.40, 0.00, 0.0], 0.03),
        new("healthcare", 8062, 3500, 0.10, 0.05, [0.55, 0.35, 0.10, 0.00, 0.0], 0.04),
        new("entertainment", 7832, 450, 0.70, 0.15, [0.55, 0.30, 0.00, 0.15, 0.0], 0.04),
        new("jewellery", 5944, 45000, 0.15, 0.45, [0.25, 0.55, 0.20, 0.00, 0.0], 0.02),
        new("gaming", 7995, 500, 1.00, 0.60, [0.60, 0.15, 0.00, 0.25, 0.0], 0.02),
        new("p2p_transfer", 6012, 700, 1.00, 0.40, [0.90, 0.00, 0.10, 0.00, 0.0], 0.08),
        new("atm", 6011, 4000, 0.00, 0.25, [0.00, 0.00, 0.00, 0.00, 1.0], 0.06),
    ];

    /// <summary>Number of categories.</summary>
    public static int Count => All.Count;

    /// <summary>Index of a category by name (setup time only).</summary>
    public static int IndexOf(string name)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i].Name == name)
            {
                return i;
            }
        }

        throw new ArgumentException($"unknown category '{name}'", nameof(name));
    }
}
