namespace Tributary.Reconciliation.Breaks;

/// <summary>
/// Break type names the built-in profiles use. A profile may name its own types (they are data), but the structural ones
/// (unmatched, duplicate) are produced by the matcher itself.
/// </summary>
public static class BreakTypeNames
{
    public const string SecurityIdBreak = "security_id_break";
    public const string MarketPriceDifference = "market_price_difference";
    public const string TradeSettlementDate = "trade_settlement_date";
    public const string FxRateError = "fx_rate_error";
    public const string FixedIncomeCoupon = "fixed_income_coupon";
    public const string Unmatched = "unmatched";
    public const string QuantityDifference = "quantity_difference";
    public const string AmountDifference = "amount_difference";
    public const string Duplicate = "duplicate";
    public const string Shrinkage = "shrinkage";
    public const string Overage = "overage";
    public const string MissingPayout = "missing_payout";
    public const string FeeDifference = "fee_difference";
    public const string RefundMismatch = "refund_mismatch";
}
