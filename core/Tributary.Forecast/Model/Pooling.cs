namespace Tributary.Forecast.Model;

/// <summary>Where a series' level came from.</summary>
public enum Pooling
{
    /// <summary>Enough market days of its own; the group only steadies the effects.</summary>
    OwnHistory,

    /// <summary>A new product: level from its category at the market, shifted by how its vendor sells relative to peers.</summary>
    VendorAndCategory,

    /// <summary>A new product without a known category: level from the vendor and the market.</summary>
    VendorAndMarket,
}
