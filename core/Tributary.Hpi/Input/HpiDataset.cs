namespace Tributary.Hpi.Input;

/// <summary>A parsed input: tracts, optional tract-year measures and transactions, plus the rows rejected on the way.</summary>
public sealed record HpiDataset(TractCatalog Tracts, IReadOnlyList<TractYearMeasure> TractYears, TransactionTable Transactions, RejectLog Rejects)
{
    /// <summary>Reads the three files. <paramref name="tractYearsPath"/> may be null (static measures then hold every year).
    /// <paramref name="tractsPath"/> may be null only for quality reports (tracts are then inferred from transactions).</summary>
    public static HpiDataset Load(string transactionsPath, string? tractsPath, string? tractYearsPath, bool skipInvalid,
        Action<long, long>? transactionProgress = null)
    {
        var rejects = new RejectLog();
        var tracts = tractsPath is null ? new TractCatalog(declared: false) : TractReader.Read(tractsPath, skipInvalid, rejects);
        IReadOnlyList<TractYearMeasure> tractYears = tractYearsPath is null
            ? []
            : TractYearReader.Read(tractYearsPath, tracts, skipInvalid, rejects);
        var transactions = TransactionReader.Read(transactionsPath, tracts, skipInvalid, rejects, transactionProgress);
        return new HpiDataset(tracts, tractYears, transactions, rejects);
    }
}
