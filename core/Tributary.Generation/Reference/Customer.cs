namespace Tributary.Generation.Reference;

/// <summary>
/// One customer, derived from (seed, customer index) alone. <see cref="SpendScale"/> multiplies a category's typical
/// ticket; <see cref="PeakHour"/> is the hour the customer usually pays in; devices are <c>Id*4</c> and <c>Id*4+1</c>.
/// </summary>
public readonly record struct Customer(
    int Id, byte Segment, byte IncomeBand, byte HomeCity, byte Age, byte RiskProfile, float RiskScore,
    double SpendScale, double AmountSigma, double Activity, byte PeakHour, bool HasSecondDevice)
{
    /// <summary>The customer's phone.</summary>
    public long PrimaryDevice => ((long)Id * 4) + 1;

    /// <summary>The customer's laptop or second phone (0 when they have none).</summary>
    public long SecondaryDevice => HasSecondDevice ? ((long)Id * 4) + 2 : 0;

    /// <summary>True when the device is one the customer registered.</summary>
    public bool OwnsDevice(long device) => device == PrimaryDevice || (HasSecondDevice && device == SecondaryDevice);
}
