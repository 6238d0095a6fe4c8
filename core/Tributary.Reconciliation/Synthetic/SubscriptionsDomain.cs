using Tributary.Reconciliation.Profiles;

namespace Tributary.Reconciliation.Synthetic;

/// <summary>
/// Subscriptions: a SaaS company's subscription invoices (left) against its card processor's charge report (right), by
/// merchant account, for the example profile docs/examples/subscriptions.json (read from a file: not built in). Each
/// customer is billed on the same day every month for a plan times its seats, so a customer's invoices repeat one amount
/// month after month and many customers share a price; European accounts add VAT, and about one invoice in five carries a
/// proration or usage line (odd cents). A few accounts (the US one above all) hold most customers. The processor takes
/// its fee (2.9 % + 0.30) from what it pays out, retries a failed charge days later without the invoice's metadata, and
/// a retry may collect several of a customer's open invoices in one charge (its description then names no plan).
/// </summary>
internal sealed class SubscriptionsDomain(ReconciliationProfile p) : ISyntheticDomain, INearMissDomain
{
    // Customers per yearly cohort: record i is customer i mod Cohort's invoice of month i / Cohort (mod 12).
    private const int Cohort = 1_499;
    private static readonly DateOnly Start = new(2025, 7, 1);

    // Merchant accounts by country, with their currency, VAT and USD rate; weights skew customers to the US account.
    private static readonly (string Account, string Currency, decimal Vat, decimal Fx, int Weight)[] Accounts =
    [
        ("ACCT_US", "USD", 0m, 1m, 40), ("ACCT_GB", "GBP", 0.20m, 1.27m, 14), ("ACCT_DE", "EUR", 0.19m, 1.08m, 12),
        ("ACCT_FR", "EUR", 0.20m, 1.08m, 8), ("ACCT_NL", "EUR", 0.21m, 1.08m, 6), ("ACCT_CA", "CAD", 0m, 0.73m, 6),
        ("ACCT_AU", "AUD", 0.10m, 0.66m, 5), ("ACCT_SE", "SEK", 0.25m, 0.095m, 3), ("ACCT_JP", "JPY", 0.10m, 0.0067m, 3),
        ("ACCT_BR", "BRL", 0m, 0.18m, 3),
    ];

    private static readonly (string Code, decimal Price)[] Plans =
    [
        ("STARTER-M", 19m), ("TEAM-M", 49m), ("BUSINESS-M", 99m), ("TEAM-Y", 470m), ("BUSINESS-Y", 950m), ("ENTERPRISE-M", 249m),
    ];

    public object?[] NewRow(int i, Random random)
    {
        var row = new object?[p.Fields.Count];
        var cohort = i / (Cohort * 12);
        var customer = cohort * Cohort + i % Cohort;
        var month = i / Cohort % 12;
        var mix = (uint)(customer * 2_654_435_761L % 4_294_967_291L);
        var (account, currency, vat, fx, _) = Accounts[AccountOf(mix)];
        var (plan, price) = Plans[(int)(mix / 7 % (uint)Plans.Length)];
        var seats = price >= 470m ? 1 + (int)(mix / 43 % 3) : 1 + (int)(mix / 43 % 25);
        var net = price * seats;
        if (random.Next(5) == 0)
        {
            net += Math.Round((decimal)random.NextDouble() * price, 2); // a proration or a usage line
        }

        Set(row, "invoice_id", $"INV-{2025 + cohort}-{i % 1_000_000:D6}");
        Set(row, "merchant_account", account);
        Set(row, "customer", $"CUS{(long)customer * 7_907 % 9_999_991 + 10_000_000:D8}");
        Set(row, "plan", plan);
        Set(row, "billed_on", Start.AddDays((int)(mix % 28)).AddMonths(month + 12 * cohort));
        Set(row, "amount", Math.Round(net * (1 + vat), 2));
        Set(row, "currency", currency);
        if (p.Fields.Any(f => f.Name == "fx_rate"))
        {
            Set(row, "fx_rate", fx);
        }

        return row;
    }

    // An invoice paid in two instalments, both carrying the invoice number: a deposit of 40 % and the balance (unequal,
    // so the two lines are never duplicates).
    public List<object?[]>? Split(object?[] right, Random random) =>
        Instalments.Split(right, p.Field("amount").Index, 0.4m);

    // A charge under the processor's own id: customer, date and amount still match it.
    public bool Rekey(object?[] right, int i)
    {
        Set(right, "invoice_id", $"CH{i:D10}");
        return true;
    }

    public IReadOnlyList<(NearMissRecipe Recipe, int Weight)> Recipes { get; } =
    [
        (NearMissRecipe.TypoFee, 2), (NearMissRecipe.IdentifierTypoNoReference, 2), (NearMissRecipe.NoReferenceLate, 3),
        (NearMissRecipe.SplitNoReference, 1), (NearMissRecipe.SplitShortFee, 1), (NearMissRecipe.MergeNoReference, 3),
        (NearMissRecipe.Decoy, 2), (NearMissRecipe.Confuser, 2), (NearMissRecipe.Ambiguous, 1),
    ];

    public string IdentifierField => "customer";

    // A retry collects several open invoices of one customer.
    public IReadOnlyList<string> SharedOnMerge { get; } = ["customer", "currency"];

    // The processor's fee, netted from the payout.
    public decimal Fee(decimal amount, Random random) => Math.Round(amount * 0.029m + 0.30m, 2);

    public string SplitReference(string reference, int part) => reference;

    // A retry's charge collecting several invoices names no plan in its description.
    public void Settle(object?[] merged, Random random) => Set(merged, "plan", "");

    private static int AccountOf(uint mix)
    {
        var total = Accounts.Sum(a => a.Weight);
        var pick = (int)(mix / 3 % (uint)total);
        for (var k = 0; k < Accounts.Length; k++)
        {
            pick -= Accounts[k].Weight;
            if (pick < 0)
            {
                return k;
            }
        }

        return Accounts.Length - 1;
    }

    private void Set(object?[] row, string field, object value) => row[p.Field(field).Index] = value;
}
