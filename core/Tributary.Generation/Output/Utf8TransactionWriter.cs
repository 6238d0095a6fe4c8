namespace Tributary.Generation.Output;

/// <summary>A text format written through one <see cref="Utf8RowBuffer"/>: the formats differ only in how a row is spelled.</summary>
public abstract class Utf8TransactionWriter : TransactionFileWriter
{
    protected Utf8TransactionWriter(Stream output, bool features)
        : base(features) => Buffer = new Utf8RowBuffer(output);

    /// <summary>The buffer rows are formatted into.</summary>
    protected Utf8RowBuffer Buffer { get; }

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancel = default)
    {
        Buffer.Flush();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task CompleteAsync(CancellationToken cancel = default)
    {
        Buffer.Flush();
        Buffer.Dispose();
        return Task.CompletedTask;
    }
}
