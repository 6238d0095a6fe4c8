using Tributary.Reconciliation.Profiles;

namespace Tributary.Reconciliation.Synthetic;

// Index layouts spread records over partitions (i mod a prime) and make every secondary key unique by construction
// (Chinese remainder theorem over two primes, or a per-partition serial), so a planted break has exactly one cause.

/// <summary>Trades: ledger vs custodian, equities and bonds in three currencies.</summary>
internal sealed class TradesDomain(ReconciliationProfile p) : ISyntheticDomain
{
    private static readonly DateOnly Start = new(2026, 1, 5);
    private static readonly (string Ccy, decimal Fx)[] Currencies = [("USD", 1m), ("EUR", 1.0850m), ("GBP", 1.2700m)];

    public object?[] NewRow(int i, Random random)
    {
        var row = new object?[p.Fields.Count];
        var security = i % 997;
        var day = Start.AddDays(i / 210_367 % 250);
        var quantity = 100m * random.Next(1, 100);
        var price = Math.Round(10m + (decimal)random.NextDouble() * 490m, 2);
        var (ccy, fx) = Currencies[security % 3];
        Set(row, "trade_id", $"T{i:D8}");
        Set(row, "account", $"ACC{i % 211:D3}");
        Set(row, "security_id", $"US{security * 7919 % 1_000_000:D6}{security % 10}");
        Set(row, "trade_date", day);
        Set(row, "settlement_date", day.AddDays(2));
        Set(row, "side", random.Next(2) == 0 ? "BUY" : "SELL");
        Set(row, "quantity", quantity);
        Set(row, "price", price);
        Set(row, "amount", quantity * price);
        Set(row, "currency", ccy);
        Set(row, "fx_rate", fx);
        Set(row, "coupon", security % 3 == 1 ? 2.5m + security % 8 * 0.375m : 0m);
        return row;
    }

    public List<object?[]>? Split(object?[] right, Random random)
    {
        var quantity = (decimal)right[p.Field("quantity").Index]!;
        var price = (decimal)right[p.Field("price").Index]!;
        var first = Math.Floor(quantity / 200m) * 100m;
        if (first <= 0)
        {
            return null;
        }

        var a = (object?[])right.Clone();
        var b = (object?[])right.Clone();
        var id = (string)right[p.Field("trade_id").Index]!;
        Set(a, "trade_id", id + "-F1");
        Set(b, "trade_id", id + "-F2");
        Set(a, "quantity", first);
        Set(b, "quantity", quantity - first);
        Set(a, "amount", first * price);
        Set(b, "amount", (quantity - first) * price);
        return [a, b];
    }

    public bool Rekey(object?[] right, int i)
    {
        Set(right, "trade_id", $"CUST{i:D8}");
        return true;
    }

    private void Set(object?[] row, string field, object value) => row[p.Field(field).Index] = value;
}

/// <summary>Positions: internal books vs custodian holdings per account and security.</summary>
internal sealed class PositionsDomain(ReconciliationProfile p) : ISyntheticDomain
{
    private static readonly (string Ccy, decimal Fx)[] Currencies = [("USD", 1m), ("EUR", 1.0850m), ("JPY", 0.0067m)];

    public object?[] NewRow(int i, Random random)
    {
        var row = new object?[p.Fields.Count];
        var serial = i / 211;
        var quantity = 10m * random.Next(1, 5000);
        var price = Math.Round(5m + (decimal)random.NextDouble() * 300m, 2);
        var (ccy, fx) = Currencies[serial % 3];
        Set(row, "account", $"ACC{i % 211:D3}");
        Set(row, "security_id", $"SEC{serial:D7}");
        Set(row, "isin", $"XS{serial * 7919L % 10_000_000:D7}{serial % 10}");
        Set(row, "as_of", new DateOnly(2026, 11, 20));
        Set(row, "quantity", quantity);
        Set(row, "price", price);
        Set(row, "market_value", quantity * price);
        Set(row, "currency", ccy);
        Set(row, "fx_rate", fx);
        return row;
    }

    public List<object?[]>? Split(object?[] right, Random random) => null;

    // The primary key (security_id) is also compared, so a re-keyed position is a security_id_break, not a clean match.
    public bool Rekey(object?[] right, int i) => false;

    private void Set(object?[] row, string field, object value) => row[p.Field(field).Index] = value;
}

/// <summary>Inventory: WMS stock lines vs scanner counts per warehouse, bin and SKU.</summary>
internal sealed class InventoryDomain(ReconciliationProfile p) : ISyntheticDomain
{
    public object?[] NewRow(int i, Random random)
    {
        var row = new object?[p.Fields.Count];
        var serial = i / 13;
        Set(row, "line_id", $"L{i:D8}");
        Set(row, "warehouse", $"WH{i % 13:D2}");
        Set(row, "bin", $"A{serial % 40:D2}-{serial / 40 % 25:D2}");
        Set(row, "sku", $"SKU-{serial:D7}");
        Set(row, "quantity", (decimal)random.Next(3, 400));
        Set(row, "unit_cost", Math.Round(0.5m + (decimal)random.NextDouble() * 250m, 2));
        Set(row, "count_date", new DateOnly(2026, 11, 21));
        return row;
    }

    // Two scans of one bin without a stock-line reference, with different counts (so they are not duplicates).
    public List<object?[]>? Split(object?[] right, Random random)
    {
        var quantity = (decimal)right[p.Field("quantity").Index]!;
        var first = Math.Floor(quantity / 3m);
        var a = (object?[])right.Clone();
        var b = (object?[])right.Clone();
        Set(a, "line_id", "");
        Set(b, "line_id", "");
        Set(a, "quantity", first);
        Set(b, "quantity", quantity - first);
        return [a, b];
    }

    public bool Rekey(object?[] right, int i)
    {
        Set(right, "line_id", ""); // a scan without its stock-line reference
        return true;
    }

    private void Set(object?[] row, string field, object value) => row[p.Field(field).Index] = value;
}

/// <summary>POS: a market's card sales vs the processor's payouts per merchant.</summary>
internal sealed class PosDomain(ReconciliationProfile p) : ISyntheticDomain
{
    public object?[] NewRow(int i, Random random)
    {
        var row = new object?[p.Fields.Count];
        var serial = i / 307;
        var gross = 5m + serial * 7919L % 100_000 / 100m;
        Set(row, "sale_id", $"S{i:D9}");
        Set(row, "merchant_id", $"M{i % 307:D4}");
        Set(row, "sale_date", new DateOnly(2026, 11, 1).AddDays(random.Next(0, 21)));
        Set(row, "gross_amount", gross);
        Set(row, "fee", Math.Round(gross * 0.029m + 0.30m, 2));
        Set(row, "refund_amount", random.Next(40) == 0 ? Math.Round(gross / 2m, 2) : 0m);
        Set(row, "currency", "USD");
        return row;
    }

    // A sale paid out in two payouts that both reference it.
    public List<object?[]>? Split(object?[] right, Random random)
    {
        var gross = (decimal)right[p.Field("gross_amount").Index]!;
        var fee = (decimal)right[p.Field("fee").Index]!;
        var a = (object?[])right.Clone();
        var b = (object?[])right.Clone();
        var firstGross = Math.Round(gross * 0.6m, 2);
        var firstFee = Math.Round(fee * 0.6m, 2);
        Set(a, "gross_amount", firstGross);
        Set(b, "gross_amount", gross - firstGross);
        Set(a, "fee", firstFee);
        Set(b, "fee", fee - firstFee);
        return [a, b];
    }

    public bool Rekey(object?[] right, int i)
    {
        Set(right, "sale_id", $"PAY{i:D9}");
        return true;
    }

    private void Set(object?[] row, string field, object value) => row[p.Field(field).Index] = value;
}
