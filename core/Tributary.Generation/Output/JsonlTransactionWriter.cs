using Tributary.Generation.Features;
using Tributary.Generation.Transactions;

namespace Tributary.Generation.Output;

/// <summary>
/// JSON Lines: one object per transaction, keys as in the CSV header. Values are ASCII identifiers and numbers that
/// need no escaping, so the same UTF-8 buffer formats them without a JSON serializer.
/// </summary>
public sealed class JsonlTransactionWriter : Utf8TransactionWriter
{
    private static readonly byte[][] FeatureKeys =
        FeatureCatalog.All.Select(f => System.Text.Encoding.UTF8.GetBytes($",\"{f.Name}\":")).ToArray();

    public JsonlTransactionWriter(Stream output, bool features)
        : base(output, features)
    {
    }

    /// <inheritdoc />
    public override bool WriteRow(in Transaction tx, ReadOnlySpan<float> features)
    {
        var b = Buffer;
        b.Write("{\"transaction_id\":\"T"u8);
        b.WritePadded(tx.Id, 12);
        b.Write("\",\"timestamp\":\""u8);
        b.WriteIstTimestamp(tx.UnixSeconds);
        b.Write("\",\"customer_id\":\"C"u8);
        b.WritePadded(tx.Customer, 8);
        b.Write("\",\"merchant_id\":\"M"u8);
        b.WritePadded(tx.Merchant, 7);
        b.Write("\",\"amount_inr\":"u8);
        b.WriteFixed(tx.AmountPaise, 2);
        b.Write(",\"channel\":\""u8);
        b.Write(TransactionSchema.Channel[(int)tx.Channel]);
        b.Write("\",\"category\":\""u8);
        b.Write(TransactionSchema.Category[tx.Category]);
        b.Write("\",\"mcc\":"u8);
        b.Write(TransactionSchema.Mcc[tx.Category]);
        b.Write(",\"device_id\":\"DV"u8);
        b.Write(tx.Device);
        b.Write("\",\"device_type\":\""u8);
        b.Write(TransactionSchema.DeviceType[(int)tx.DeviceType]);
        b.Write("\",\"city\":\""u8);
        b.Write(TransactionSchema.City[tx.City]);
        b.Write("\",\"state\":\""u8);
        b.Write(TransactionSchema.State[tx.City]);
        b.Write("\",\"latitude\":"u8);
        b.Write(TransactionSchema.Latitude[tx.City]);
        b.Write(",\"longitude\":"u8);
        b.Write(TransactionSchema.Longitude[tx.City]);
        b.Write(",\"status\":\""u8);
        b.Write(TransactionSchema.Status[(int)tx.Status]);
        b.Write(tx.Fraud == 0 ? "\",\"is_fraud\":0,\"fraud_type\":\""u8 : "\",\"is_fraud\":1,\"fraud_type\":\""u8);
        b.Write(TransactionSchema.Fraud[(int)tx.Fraud]);
        b.Write(tx.Anomaly == 0 ? "\",\"is_anomaly\":0,\"anomaly_type\":\""u8 : "\",\"is_anomaly\":1,\"anomaly_type\":\""u8);
        b.Write(TransactionSchema.Anomaly[(int)tx.Anomaly]);
        b.Write((byte)'"');
        if (Features)
        {
            for (var i = 0; i < features.Length; i++)
            {
                b.Write(FeatureKeys[i]);
                b.WriteFeature(features[i]);
            }
        }

        b.Write("}\n"u8);
        b.EndRow();
        return false;
    }
}
