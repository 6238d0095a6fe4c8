using Tributary.Reconciliation.Profiles;

namespace Tributary.Reconciliation.Synthetic;

/// <summary>
/// Marketplace: a seller's shipped orders (left) against the marketplace's settlement report (right), for the example
/// profile docs/examples/marketplace.json (read from a file: not built in). Prices carry per-order discounts, so a SKU,
/// a quantity and a gross single out one order.
/// </summary>
internal sealed class MarketplaceDomain(ReconciliationProfile p) : ISyntheticDomain, INearMissDomain
{
    private const int Sellers = 53;
    private const int Skus = 3000;
    private static readonly DateOnly Start = new(2026, 3, 2);
    private static readonly decimal[] Charges = [0.30m, 0.50m, 0.99m, 1.50m, 2.00m];

    public object?[] NewRow(int i, Random random)
    {
        var row = new object?[p.Fields.Count];
        var sku = (int)((long)i * 7_919 % Skus);
        var quantity = (decimal)random.Next(1, 6);
        var list = 4.99m + sku % 300 * 0.5m;
        var price = Math.Round(list * (0.85m + (decimal)random.NextDouble() * 0.15m), 2);
        Set(row, "order_id", $"ORD-{5_000_000 + i}");
        Set(row, "seller", $"SELLER{i % Sellers:D3}");
        Set(row, "sku", $"SKU{sku:D5}");
        Set(row, "ship_date", Start.AddDays(random.Next(0, 120)));
        Set(row, "quantity", quantity);
        Set(row, "gross", quantity * price);
        Set(row, "currency", i % 10 == 0 ? "EUR" : "GBP");
        return row;
    }

    // An order shipped in two parcels, settled as two lines with the order's reference.
    public List<object?[]>? Split(object?[] right, Random random)
    {
        var quantity = (decimal)right[p.Field("quantity").Index]!;
        if (quantity < 3)
        {
            return null; // two parcels of one unit each would be identical lines: a duplicate, not a split
        }

        var gross = (decimal)right[p.Field("gross").Index]!;
        var first = 1m; // one unit first, the rest later: the two lines differ
        var firstGross = Math.Round(gross * first / quantity, 2);
        var a = (object?[])right.Clone();
        var b = (object?[])right.Clone();
        Set(a, "quantity", first);
        Set(b, "quantity", quantity - first);
        Set(a, "gross", firstGross);
        Set(b, "gross", gross - firstGross);
        return [a, b];
    }

    // A settlement line under the marketplace's own order number: SKU, quantity and gross still match it.
    public bool Rekey(object?[] right, int i)
    {
        Set(right, "order_id", $"MKT{i:D8}");
        return true;
    }

    public IReadOnlyList<(NearMissRecipe Recipe, int Weight)> Recipes { get; } =
    [
        (NearMissRecipe.TypoFee, 3), (NearMissRecipe.NoReferenceLate, 3), (NearMissRecipe.SplitNoReference, 2),
        (NearMissRecipe.MergeNoReference, 2), (NearMissRecipe.Decoy, 2), (NearMissRecipe.Confuser, 2), (NearMissRecipe.Ambiguous, 1),
    ];

    public string IdentifierField => "sku";

    public IReadOnlyList<string> SharedOnMerge { get; } = ["currency"];

    // A payment-processing charge the marketplace nets off.
    public decimal Fee(decimal amount, Random random) => Charges[random.Next(Charges.Length)];

    public string SplitReference(string reference, int part) => reference;

    private void Set(object?[] row, string field, object value) => row[p.Field(field).Index] = value;
}
