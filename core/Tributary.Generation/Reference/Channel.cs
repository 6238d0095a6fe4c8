namespace Tributary.Generation.Reference;

/// <summary>How a payment was made.</summary>
public enum Channel : byte
{
    Upi,
    Card,
    NetBanking,
    Wallet,
    CashWithdrawal,
}

/// <summary>Output names of <see cref="Channel"/> values.</summary>
public static class Channels
{
    /// <summary>Names as written in files, indexed by the enum value.</summary>
    public static IReadOnlyList<string> Names { get; } = ["upi", "card", "net_banking", "wallet", "cash_withdrawal"];

    /// <summary>Number of channels.</summary>
    public const int Count = 5;
}
