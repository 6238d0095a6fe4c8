using Tributary.Generation.Anomalies;
using Tributary.Generation.Fraud;
using Tributary.Generation.Reference;

namespace Tributary.Generation.Transactions;

/// <summary>Outcome of a payment.</summary>
public enum TransactionStatus : byte
{
    Approved,
    Declined,
    Refunded,
    Chargeback,
}

/// <summary>What kind of device initiated the payment.</summary>
public enum DeviceType : byte
{
    Mobile,
    Web,
    Pos,
    Atm,
}

/// <summary>
/// One generated transaction. A mutable struct the generator refills in place, so the hot loop allocates nothing.
/// Amounts are whole paise; the timestamp is Unix seconds (written in IST).
/// </summary>
public struct Transaction
{
    /// <summary>Global row number in the run; the written id is <c>T</c> plus 12 digits of it.</summary>
    public long Id;

    /// <summary>Unix time in seconds (UTC); rendered with the +05:30 IST offset.</summary>
    public long UnixSeconds;

    public int Customer;
    public int Merchant;
    public long AmountPaise;
    public Channel Channel;
    public byte Category;
    public long Device;
    public DeviceType DeviceType;
    public byte City;
    public TransactionStatus Status;
    public FraudType Fraud;
    public AnomalyType Anomaly;
}

/// <summary>Names written for the small enums.</summary>
public static class TransactionNames
{
    /// <summary>Status names indexed by <see cref="TransactionStatus"/>.</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["approved", "declined", "refunded", "chargeback"];

    /// <summary>Device type names indexed by <see cref="DeviceType"/>.</summary>
    public static IReadOnlyList<string> DeviceTypes { get; } = ["mobile", "web", "pos", "atm"];
}
