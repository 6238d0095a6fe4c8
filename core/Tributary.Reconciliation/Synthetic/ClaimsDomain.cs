using Tributary.Reconciliation.Profiles;

namespace Tributary.Reconciliation.Synthetic;

/// <summary>
/// Claims: a health insurer's approved claims (left) against the claim payments on its bank statement (right), by
/// provider, for the example profile docs/examples/claims.json (read from a file: not built in). A few hospitals carry
/// most claims, approvals happen on working days, about a third of the amounts are standard tariffs (a consultation is
/// 65.00 whoever the patient) and the rest vary widely; each claim names its patient's policy, so a policy and an
/// amount single out one claim. A provider is often paid for several claims in one bulk payment.
/// </summary>
internal sealed class ClaimsDomain(ReconciliationProfile p) : ISyntheticDomain, INearMissDomain
{
    private const int Providers = 60;
    private const int WorkingDays = 130; // 26 weeks
    private static readonly DateOnly Start = new(2026, 1, 5); // a Monday
    private static readonly decimal[] Tariffs = [35.00m, 48.00m, 65.00m, 80.00m, 95.00m, 120.00m, 150.00m, 240.00m];
    private static readonly decimal[] BankCharges = [0.35m, 1.20m, 2.50m, 5.00m, 8.50m];

    public object?[] NewRow(int i, Random random)
    {
        var row = new object?[p.Fields.Count];
        // Skewed: the largest provider (a hospital) has about an eighth of all claims, the smallest a few dozen.
        var provider = (int)(Providers * Math.Pow(random.NextDouble(), 2));
        var day = random.Next(WorkingDays);
        var amount = random.Next(10) < 3 ? Tariffs[random.Next(Tariffs.Length)] : Varying(random);
        Set(row, "claim_id", $"CLM{26_000_000 + i}");
        Set(row, "provider", $"PRV{1_000 + provider * 37:D5}");
        Set(row, "policy", $"POL{(long)i * 48_271 % 99_999_989:D8}");
        Set(row, "approved_on", Start.AddDays(day / 5 * 7 + day % 5));
        Set(row, "amount", amount);
        Set(row, "currency", "EUR");
        return row;
    }

    // A claim paid in two instalments (an interim payment and the balance), both naming the claim.
    public List<object?[]>? Split(object?[] right, Random random) =>
        Instalments.Split(right, p.Field("amount").Index, 0.6m);

    // A payment under the insurer's own payment number: only the policy and the amount can match it.
    public bool Rekey(object?[] right, int i)
    {
        Set(right, "claim_id", $"PAYOUT{i:D9}");
        return true;
    }

    public IReadOnlyList<(NearMissRecipe Recipe, int Weight)> Recipes { get; } =
    [
        (NearMissRecipe.TypoFee, 3), (NearMissRecipe.IdentifierTypoNoReference, 2), (NearMissRecipe.NoReferenceLate, 2),
        (NearMissRecipe.SplitNoReference, 1), (NearMissRecipe.SplitShortFee, 1), (NearMissRecipe.MergeNoReference, 3),
        (NearMissRecipe.Decoy, 2), (NearMissRecipe.Confuser, 2), (NearMissRecipe.Ambiguous, 1),
    ];

    public string IdentifierField => "policy";

    // A bulk payment settles claims of different patients of one provider.
    public IReadOnlyList<string> SharedOnMerge { get; } = ["currency"];

    // A bank charge on the payout.
    public decimal Fee(decimal amount, Random random) => BankCharges[random.Next(BankCharges.Length)];

    public string SplitReference(string reference, int part) => reference;

    // A bulk payment line: the payment system fills the policy from the first claim of the batch, or leaves it blank.
    public void Settle(object?[] merged, Random random)
    {
        if (random.Next(2) == 0)
        {
            Set(merged, "policy", "");
        }
    }

    // Log-normal around 120 (median), from 15 to 30,000, in cents.
    private static decimal Varying(Random random)
    {
        var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Round((decimal)Math.Clamp(Math.Exp(4.8 + 1.1 * gaussian), 15, 30_000), 2);
    }

    private void Set(object?[] row, string field, object value) => row[p.Field(field).Index] = value;
}
