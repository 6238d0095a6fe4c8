namespace Tributary.Hpi.Input;

/// <summary>Picks the transactions reader by file name: Parquet for <c>.parquet</c>, CSV otherwise.</summary>
public static class TransactionFiles
{
    /// <summary>True when the name says Parquet.</summary>
    public static bool IsParquet(string file) => file.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads transactions in chunks (see <see cref="TransactionReader.Read{T}"/>) with the reader the name calls for.</summary>
    public static long Read<T>(Stream stream, string file, TractCatalog tracts, bool skipInvalid, RejectLog rejects,
        Func<TransactionChunk, T> prepare, Action<TransactionChunk, T> commit, Action<long>? progress = null) =>
        IsParquet(file)
            ? ParquetTransactionReader.Read(stream, file, tracts, skipInvalid, rejects, prepare, commit, progress)
            : TransactionReader.Read(stream, file, tracts, skipInvalid, rejects, prepare, commit, progress);
}
