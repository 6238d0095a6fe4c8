namespace Tributary.Reconciliation.Records;

/// <summary>The two records of one reality: left is the firm's own book (ledger, WMS, POS), right the outside statement.</summary>
public enum RecordSide
{
    Left,
    Right,
}
