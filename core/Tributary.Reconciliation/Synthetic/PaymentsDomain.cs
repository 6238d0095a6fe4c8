using Tributary.Reconciliation.Profiles;

namespace Tributary.Reconciliation.Synthetic;

/// <summary>
/// Payments: invoices the receivables ledger expects to be paid against the bank statement's credit lines, per receiving
/// account. Each payer has three invoices in one account with different amounts, about a third of them round
/// (subscriptions, instalments), so a payer's IBAN and amount single out one invoice (the secondary key is unique by construction).
/// </summary>
internal sealed class PaymentsDomain(ReconciliationProfile p) : ISyntheticDomain, INearMissDomain
{
    private const int Accounts = 17;
    private static readonly DateOnly Start = new(2026, 9, 1);
    private static readonly string[] Names =
    [
        "ACME", "NORDWIND", "BLAUER HAFEN", "KRONE", "ALPENBLICK", "SONNENHOF", "RHEINTAL", "WEISSE ROSE", "LINDE", "EICHE",
        "FALKE", "ADLER", "BERGKRISTALL", "SEESTERN", "MUEHLE", "STERN", "LOEWE", "BAER", "HIRSCH", "FUCHS",
    ];

    private static readonly string[] Forms = ["GMBH", "AG", "KG", "OHG", "UG", "SE", "EK", "GBR"];
    private static readonly decimal[] BankFees = [1.50m, 2.50m, 3.00m, 5.00m, 7.50m, 12.00m, 15.00m];

    public object?[] NewRow(int i, Random random)
    {
        var row = new object?[p.Fields.Count];
        var payer = i / Accounts / 3 * Accounts + i % Accounts;
        var nth = i / Accounts % 3;
        var amount = random.Next(3) == 0
            ? 50m * (1 + payer % 40) * (nth + 1)
            : Math.Round(20m + (decimal)random.NextDouble() * 9_980m, 2);
        Set(row, "reference", $"INV{1_000_000 + i}");
        Set(row, "account", $"DE89370400440532{i % Accounts:D6}");
        Set(row, "payer_iban", $"DE{10 + payer % 89:D2}{(long)payer * 7_919_113 % 1_000_000_000_000_000L:D18}");
        Set(row, "payer_name", $"{Names[payer % Names.Length]} {Forms[payer / Names.Length % Forms.Length]}");
        Set(row, "value_date", Start.AddDays(i / Accounts % 90));
        Set(row, "amount", amount);
        Set(row, "currency", "EUR");
        return row;
    }

    // A payment arriving as two lines that both carry the invoice reference.
    public List<object?[]>? Split(object?[] right, Random random) =>
        Instalments.Split(right, p.Field("amount").Index, 0.4m);

    // A transfer whose remittance text does not name the invoice: only payer IBAN and amount can match it.
    public bool Rekey(object?[] right, int i)
    {
        Set(right, "reference", $"PAYMENT {i}");
        return true;
    }

    public IReadOnlyList<(NearMissRecipe Recipe, int Weight)> Recipes { get; } =
    [
        (NearMissRecipe.TypoFee, 4), (NearMissRecipe.IdentifierTypoNoReference, 3), (NearMissRecipe.SplitNoReference, 2),
        (NearMissRecipe.SplitShortFee, 1), (NearMissRecipe.MergeNoReference, 2), (NearMissRecipe.Decoy, 2), (NearMissRecipe.Confuser, 2), (NearMissRecipe.Ambiguous, 1),
    ];

    public string IdentifierField => "payer_iban";

    public IReadOnlyList<string> SharedOnMerge { get; } = ["payer_iban", "payer_name", "currency"];

    public decimal Fee(decimal amount, Random random) => BankFees[random.Next(BankFees.Length)];

    public string SplitReference(string reference, int part) => reference;

    private void Set(object?[] row, string field, object value) => row[p.Field(field).Index] = value;
}
