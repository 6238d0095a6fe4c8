namespace Tributary.Generation.Reference;

/// <summary>
/// One merchant (or, for <c>p2p_transfer</c>, one payee account), derived from (seed, merchant index) alone.
/// Colluding merchants and mule payees exist in the reference data from the start, as in a real market; only fraud
/// episodes route money to them on purpose.
/// </summary>
public readonly record struct Merchant(
    int Id, byte Category, byte City, double TypicalTicketInr, bool IsOnline, float RiskScore,
    bool IsColluding, bool IsMule, float Popularity);
