using System.Globalization;
using System.Text;
using Tributary.Generation.Anomalies;
using Tributary.Generation.Features;
using Tributary.Generation.Fraud;
using Tributary.Generation.Reference;
using Tributary.Generation.Transactions;

namespace Tributary.Generation.Output;

/// <summary>One output column: name and meaning (the documentation and the writers use the same list).</summary>
public sealed record ColumnDefinition(string Name, string Description);

/// <summary>The transaction file layout, and the UTF-8 text of every categorical value, encoded once.</summary>
public static class TransactionSchema
{
    /// <summary>Base columns of every transaction file, in order. Feature columns follow when requested.</summary>
    public static IReadOnlyList<ColumnDefinition> BaseColumns { get; } =
    [
        new("transaction_id", "T + 12-digit global row number; unique in the run"),
        new("timestamp", "ISO 8601 local time with the IST offset, e.g. 2025-03-14T19:05:11+05:30"),
        new("customer_id", "C + 8 digits; key into customers.*"),
        new("merchant_id", "M + 7 digits; key into merchants.* (p2p_transfer merchants are payee accounts)"),
        new("amount_inr", "amount in rupees with two decimals, > 0"),
        new("channel", "upi, card, net_banking, wallet or cash_withdrawal"),
        new("category", "merchant category name"),
        new("mcc", "ISO 18245 merchant category code"),
        new("device_id", "DV + number: customer phones/browsers, card terminals and ATMs each have their own ranges"),
        new("device_type", "mobile, web, pos or atm"),
        new("city", "city where the payment happened (the home city for online payments)"),
        new("state", "state of that city"),
        new("latitude", "city latitude, 4 decimals"),
        new("longitude", "city longitude, 4 decimals"),
        new("status", "approved, declined, refunded or chargeback"),
        new("is_fraud", "1 when the row belongs to a fraud episode, else 0"),
        new("fraud_type", "fraud pattern label, empty for genuine rows"),
        new("is_anomaly", "1 when the row is a labelled anomaly (never also fraud), else 0"),
        new("anomaly_type", "anomaly pattern label, empty otherwise"),
    ];

    /// <summary>Column names of a file with or without features.</summary>
    public static IReadOnlyList<string> ColumnNames(bool features) =>
        BaseColumns.Select(c => c.Name).Concat(features ? FeatureCatalog.All.Select(f => f.Name) : []).ToArray();

    internal static readonly byte[][] Channel = Utf8(Channels.Names);
    internal static readonly byte[][] Category = Utf8(MerchantCategories.All.Select(c => c.Name));
    internal static readonly byte[][] Mcc = Utf8(MerchantCategories.All.Select(c => c.Mcc.ToString(CultureInfo.InvariantCulture)));
    internal static readonly byte[][] DeviceType = Utf8(TransactionNames.DeviceTypes);
    internal static readonly byte[][] City = Utf8(Cities.All.Select(c => c.Name));
    internal static readonly byte[][] State = Utf8(Cities.All.Select(c => c.State));
    internal static readonly byte[][] Latitude = Utf8(Cities.All.Select(c => c.Latitude.ToString("0.0000", CultureInfo.InvariantCulture)));
    internal static readonly byte[][] Longitude = Utf8(Cities.All.Select(c => c.Longitude.ToString("0.0000", CultureInfo.InvariantCulture)));
    internal static readonly byte[][] Status = Utf8(TransactionNames.Statuses);
    internal static readonly byte[][] Fraud = Utf8(new[] { string.Empty }.Concat(FraudCatalog.All.Select(p => p.Label)));
    internal static readonly byte[][] Anomaly = Utf8(new[] { string.Empty }.Concat(AnomalyCatalog.All.Select(p => p.Label)));

    private static byte[][] Utf8(IEnumerable<string> values) => values.Select(Encoding.UTF8.GetBytes).ToArray();
}
