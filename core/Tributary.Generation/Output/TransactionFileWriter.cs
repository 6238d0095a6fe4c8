using Tributary.Generation.Transactions;

namespace Tributary.Generation.Output;

/// <summary>
/// Writes transactions of one batch to a stream in one format. <see cref="WriteRow"/> is synchronous and allocation-free
/// for the text formats; it returns true when buffered rows should be flushed with <see cref="FlushAsync"/>.
/// </summary>
public abstract class TransactionFileWriter : IAsyncDisposable
{
    /// <summary>True when feature columns are written.</summary>
    public bool Features { get; }

    protected TransactionFileWriter(bool features) => Features = features;

    /// <summary>Creates the writer for a format.</summary>
    public static TransactionFileWriter Create(OutputFormat format, Stream output, bool features) => format switch
    {
        OutputFormat.Csv => new CsvTransactionWriter(output, features),
        OutputFormat.Jsonl => new JsonlTransactionWriter(output, features),
        OutputFormat.Parquet => new ParquetTransactionWriter(output, features),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Adds one row; <paramref name="features"/> is ignored unless <see cref="Features"/>.</summary>
    public abstract bool WriteRow(in Transaction tx, ReadOnlySpan<float> features);

    /// <summary>Writes buffered rows out.</summary>
    public abstract Task FlushAsync(CancellationToken cancel = default);

    /// <summary>Writes the rest and any footer; the writer is unusable afterwards.</summary>
    public abstract Task CompleteAsync(CancellationToken cancel = default);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
