using Tributary.Reconciliation.Profiles;

namespace Tributary.Reconciliation.Synthetic;

/// <summary>
/// Payroll: a company's payroll run (left) against its bank's debit file (right), for the example profile of
/// docs/reconciliation.md ("payroll", read from a file: it is not built in). Employees are paid once a month with a salary
/// that varies by a few cents to hundreds (overtime), so an IBAN and a net pay single out one payment.
/// </summary>
internal sealed class PayrollDomain(ReconciliationProfile p) : ISyntheticDomain, INearMissDomain
{
    private const int Companies = 7;
    private const int Employees = 600;
    private static readonly decimal[] BankFees = [0.50m, 1.00m, 2.50m, 5.00m];

    public object?[] NewRow(int i, Random random)
    {
        var row = new object?[p.Fields.Count];
        var company = i % Companies;
        var employee = i / Companies % Employees;
        var month = i / Companies / Employees;
        var person = company * Employees + employee;
        var salary = 1_800m + person * 7_919 % 4_200;
        Set(row, "payment_id", $"PAY-{company}-{month:D3}-{employee:D4}");
        Set(row, "company", $"CO{company:D2}");
        Set(row, "iban", $"GB{20 + person % 79:D2}BANK{(long)person * 104_729 % 100_000_000_000_000L:D14}");
        Set(row, "pay_date", new DateOnly(2024, 1, 25).AddMonths(month % 36));
        Set(row, "amount", salary + Math.Round((decimal)random.NextDouble() * 600m, 2));
        if (p.Fields.Any(f => f.Name == "fx_rate"))
        {
            Set(row, "fx_rate", company % 3 == 0 ? 1.17m : 1m);
        }

        return row;
    }

    // A net pay sent as two transfers on the same day.
    public List<object?[]>? Split(object?[] right, Random random)
    {
        var parts = Instalments.Split(right, p.Field("amount").Index, 0.7m);
        foreach (var part in parts ?? [])
        {
            Set(part, "payment_id", "");
        }

        return parts;
    }

    // A bank line whose end-to-end id was lost: the IBAN and amount still match it.
    public bool Rekey(object?[] right, int i)
    {
        Set(right, "payment_id", "NOTPROVIDED");
        return true;
    }

    public IReadOnlyList<(NearMissRecipe Recipe, int Weight)> Recipes { get; } =
    [
        (NearMissRecipe.TypoFee, 3), (NearMissRecipe.IdentifierTypoNoReference, 3), (NearMissRecipe.SplitNoReference, 2),
        (NearMissRecipe.SplitShortFee, 1), (NearMissRecipe.MergeNoReference, 1), (NearMissRecipe.Decoy, 2), (NearMissRecipe.Confuser, 2), (NearMissRecipe.Ambiguous, 1),
    ];

    public string IdentifierField => "iban";

    public IReadOnlyList<string> SharedOnMerge { get; } = ["iban"];

    public decimal Fee(decimal amount, Random random) => BankFees[random.Next(BankFees.Length)];

    public string SplitReference(string reference, int part) => reference;

    private void Set(object?[] row, string field, object value) => row[p.Field(field).Index] = value;
}
