namespace Tributary.Generation.Features;

/// <summary>Which family a feature belongs to (the SynFinance grouping: 32 fraud, 24 anomaly, 13 interaction).</summary>
public enum FeatureGroup
{
    Fraud,
    Anomaly,
    Interaction,
}

/// <summary>One ML feature: column name, group and what it measures.</summary>
public sealed record FeatureDefinition(string Name, FeatureGroup Group, string Description);

/// <summary>
/// The documented feature set, in column order. History features use the customer's earlier transactions in the same
/// batch (see docs/generation.md, "history window"); the current row is never counted in its own history.
/// </summary>
public static class FeatureCatalog
{
    /// <summary>All features in the order <see cref="FeatureExtractor"/> writes them.</summary>
    public static IReadOnlyList<FeatureDefinition> All { get; } =
    [
        F("amount_log", "ln(1 + amount in rupees)"),
        F("amount_zscore_customer", "z-score of ln(amount) against the customer's running mean and deviation (with a profile prior)"),
        F("amount_to_usual_ratio", "amount / the customer's usual ticket in this category"),
        F("amount_to_merchant_ticket_ratio", "amount / the merchant's typical ticket"),
        F("is_round_1000", "1 when the amount is a whole multiple of ₹1,000"),
        F("txn_count_5m", "customer's transactions in the previous 5 minutes"),
        F("txn_count_1h", "customer's transactions in the previous hour"),
        F("txn_count_24h", "customer's transactions in the previous 24 hours (history capped at 16)"),
        F("amount_sum_1h_log", "ln(1 + rupees the customer paid in the previous hour)"),
        F("amount_sum_24h_log", "ln(1 + rupees the customer paid in the previous 24 hours)"),
        F("seconds_since_prev_log", "ln(1 + seconds since the customer's previous transaction); ln(1 + 7 days) when none"),
        F("distance_from_prev_km", "km between this and the customer's previous transaction city"),
        F("speed_from_prev_kmh", "distance_from_prev_km / hours since previous (capped at 20,000)"),
        F("distance_from_home_km", "km from the customer's home city"),
        F("is_new_device", "1 when a phone or browser the customer never registered initiated the payment"),
        F("merchant_risk", "merchant risk score from the reference data (0-1)"),
        F("category_risk", "inherent risk of the merchant category (0-1)"),
        F("merchant_is_online", "1 for an online merchant or payee"),
        F("is_new_merchant", "1 when the merchant is not among the customer's recent merchants"),
        F("distinct_merchants_1h", "distinct merchants the customer paid in the previous hour"),
        F("small_amount_count_1h", "customer's payments under ₹100 in the previous hour, this one included"),
        F("same_amount_count_1h", "customer's payments of exactly this amount in the previous hour"),
        F("declined_count_1h", "customer's declined payments in the previous hour"),
        F("refund_count_24h", "customer's refunded or charged-back payments in the previous 24 hours"),
        F("near_reporting_threshold", "1 when the amount is ₹45,000-₹49,999.99, just under the ₹50,000 reporting line"),
        F("channel_upi", "1 for UPI"),
        F("channel_card", "1 for card"),
        F("channel_net_banking", "1 for net banking"),
        F("channel_wallet", "1 for a wallet"),
        F("channel_cash_withdrawal", "1 for a cash withdrawal"),
        F("merchant_txn_count_1h", "payments the merchant received in the previous hour"),
        F("merchant_distinct_customers_1h", "distinct customers who paid the merchant in the previous hour"),

        A("hour_of_day", "IST hour 0-23"),
        A("hour_distance_from_peak", "hours (0-12, on the clock face) from the customer's usual hour"),
        A("is_night", "1 between 00:00 and 05:59 IST"),
        A("day_of_week", "0 = Monday … 6 = Sunday"),
        A("is_weekend", "1 on Saturday and Sunday"),
        A("day_of_month", "1-31"),
        A("is_salary_day", "1 on the 1st-3rd of the month"),
        A("is_festival", "1 on a festival day (Diwali, Holi, Eid, …)"),
        A("category_preference", "how much the customer's segment uses this category (share 0-1)"),
        A("channel_share_in_category", "share of this channel among payments in this category"),
        A("amount_log_vs_category", "ln(amount / the category's typical ticket)"),
        A("running_mean_log_amount", "customer's running mean of ln(amount) in this batch (profile prior)"),
        A("running_std_log_amount", "customer's running deviation of ln(amount) (profile prior)"),
        A("customer_history_depth", "customer's earlier transactions in this batch (capped at 1,000)"),
        A("gap_vs_expected_log", "ln((seconds since previous + 1) / the customer's expected gap)"),
        A("is_home_city", "1 when paid in the home city"),
        A("is_home_state", "1 when paid in the home state"),
        A("merchant_popularity", "merchant popularity from the reference data (0-1)"),
        A("is_micro_amount", "1 for amounts under ₹10"),
        A("duplicate_merchant_amount_5m", "1 when the customer paid the same merchant the same amount in the previous 5 minutes"),
        A("prev_declined", "1 when the customer's previous payment was declined"),
        A("customer_age", "age in years"),
        A("income_band", "0 = low … 4 = high"),
        A("customer_risk_score", "customer risk score from the reference data (0-1)"),

        I("zscore_x_night", "amount_zscore_customer × is_night"),
        I("zscore_x_new_device", "amount_zscore_customer × is_new_device"),
        I("distance_home_x_amount_log", "distance_from_home_km / 1000 × amount_log"),
        I("velocity_1h_x_merchant_risk", "txn_count_1h × merchant_risk"),
        I("new_merchant_x_amount_ratio", "is_new_merchant × amount_to_usual_ratio"),
        I("speed_x_new_device", "speed_from_prev_kmh / 1000 × is_new_device"),
        I("count_5m_x_small_amount", "txn_count_5m × (amount under ₹100)"),
        I("category_risk_x_amount_ratio", "category_risk × amount_to_usual_ratio"),
        I("online_x_new_device", "merchant_is_online × is_new_device"),
        I("customer_risk_x_merchant_risk", "customer_risk_score × merchant_risk"),
        I("weekend_x_hour_distance", "is_weekend × hour_distance_from_peak"),
        I("upi_x_amount_log", "channel_upi × amount_log"),
        I("distance_prev_x_count_1h", "distance_from_prev_km / 1000 × txn_count_1h"),
    ];

    /// <summary>Number of features.</summary>
    public static int Count => All.Count;

    private static FeatureDefinition F(string name, string description) => new(name, FeatureGroup.Fraud, description);

    private static FeatureDefinition A(string name, string description) => new(name, FeatureGroup.Anomaly, description);

    private static FeatureDefinition I(string name, string description) => new(name, FeatureGroup.Interaction, description);
}
