namespace Tributary.Reconciliation.Synthetic;

// What near misses look like in the built-in domains whose generators predate them (Domains.cs); payments and payroll
// describe their own.

/// <summary>Trades: custodian references with typos booked a day late, commissions taken off, fills short by a commission.</summary>
internal sealed class TradesNearMisses : INearMissDomain
{
    private static readonly decimal[] Commissions = [4.95m, 7.50m, 9.99m, 12.50m, 19.90m];

    public IReadOnlyList<(NearMissRecipe Recipe, int Weight)> Recipes { get; } =
    [
        (NearMissRecipe.TypoLate, 3), (NearMissRecipe.TypoFee, 3), (NearMissRecipe.IdentifierTypoNoReference, 1),
        (NearMissRecipe.SplitShortFee, 3), (NearMissRecipe.Decoy, 2), (NearMissRecipe.Confuser, 2), (NearMissRecipe.Ambiguous, 1),
    ];

    public string IdentifierField => "security_id";

    public IReadOnlyList<string> SharedOnMerge { get; } = [];

    public decimal Fee(decimal amount, Random random) => Commissions[random.Next(Commissions.Length)];

    public string SplitReference(string reference, int part) => $"{reference}-F{part}";
}

/// <summary>Inventory: stock-line references with typos and a miscount, scans without reference in a mistyped bin, split scans one short.</summary>
internal sealed class InventoryNearMisses : INearMissDomain
{
    public IReadOnlyList<(NearMissRecipe Recipe, int Weight)> Recipes { get; } =
    [
        (NearMissRecipe.TypoAmount, 3), (NearMissRecipe.IdentifierTypoNoReference, 3), (NearMissRecipe.SplitShortFee, 2),
        (NearMissRecipe.Decoy, 2), (NearMissRecipe.Confuser, 2), (NearMissRecipe.Ambiguous, 1),
    ];

    public string IdentifierField => "bin";

    public IReadOnlyList<string> SharedOnMerge { get; } = [];

    // A count one or two short, not a fee.
    public decimal Fee(decimal amount, Random random) => random.Next(1, 3);

    public string SplitReference(string reference, int part) => "";
}

/// <summary>POS: payouts without the sale reference paid late, references with typos and rounding, split and batched payouts.</summary>
internal sealed class PosNearMisses : INearMissDomain
{
    public IReadOnlyList<(NearMissRecipe Recipe, int Weight)> Recipes { get; } =
    [
        (NearMissRecipe.NoReferenceLate, 3), (NearMissRecipe.TypoAmount, 2), (NearMissRecipe.SplitNoReference, 3),
        (NearMissRecipe.MergeNoReference, 3), (NearMissRecipe.Decoy, 2), (NearMissRecipe.Confuser, 2), (NearMissRecipe.Ambiguous, 1),
    ];

    public string IdentifierField => "currency";

    public IReadOnlyList<string> SharedOnMerge { get; } = ["currency"];

    // A chargeback or adjustment fee the processor nets off.
    public decimal Fee(decimal amount, Random random) => Math.Round(Math.Max(0.10m, amount * 0.01m), 2);

    public string SplitReference(string reference, int part) => reference;
}
