using Tributary.Generation.Transactions;

namespace Tributary.Generation.Output;

/// <summary>RFC 4180 CSV with a header row, "\n" line ends, no quoting needed (no value contains a comma or quote).</summary>
public sealed class CsvTransactionWriter : Utf8TransactionWriter
{
    public CsvTransactionWriter(Stream output, bool features)
        : base(output, features)
    {
        Buffer.WriteText(string.Join(',', TransactionSchema.ColumnNames(features)));
        Buffer.Write((byte)'\n');
    }

    /// <inheritdoc />
    public override bool WriteRow(in Transaction tx, ReadOnlySpan<float> features)
    {
        var b = Buffer;
        b.Write((byte)'T');
        b.WritePadded(tx.Id, 12);
        b.Write((byte)',');
        b.WriteIstTimestamp(tx.UnixSeconds);
        b.Write(",C"u8);
        b.WritePadded(tx.Customer, 8);
        b.Write(",M"u8);
        b.WritePadded(tx.Merchant, 7);
        b.Write((byte)',');
        b.WriteFixed(tx.AmountPaise, 2);
        b.Write((byte)',');
        b.Write(TransactionSchema.Channel[(int)tx.Channel]);
        b.Write((byte)',');
        b.Write(TransactionSchema.Category[tx.Category]);
        b.Write((byte)',');
        b.Write(TransactionSchema.Mcc[tx.Category]);
        b.Write(",DV"u8);
        b.Write(tx.Device);
        b.Write((byte)',');
        b.Write(TransactionSchema.DeviceType[(int)tx.DeviceType]);
        b.Write((byte)',');
        b.Write(TransactionSchema.City[tx.City]);
        b.Write((byte)',');
        b.Write(TransactionSchema.State[tx.City]);
        b.Write((byte)',');
        b.Write(TransactionSchema.Latitude[tx.City]);
        b.Write((byte)',');
        b.Write(TransactionSchema.Longitude[tx.City]);
        b.Write((byte)',');
        b.Write(TransactionSchema.Status[(int)tx.Status]);
        b.Write(tx.Fraud == 0 ? ",0,"u8 : ",1,"u8);
        b.Write(TransactionSchema.Fraud[(int)tx.Fraud]);
        b.Write(tx.Anomaly == 0 ? ",0,"u8 : ",1,"u8);
        b.Write(TransactionSchema.Anomaly[(int)tx.Anomaly]);
        if (Features)
        {
            b.WriteFeatures(features, (byte)',');
        }

        b.Write((byte)'\n');
        b.EndRow();
        return false;
    }
}
