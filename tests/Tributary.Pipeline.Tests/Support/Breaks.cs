using Tributary.Pipeline.Reconciliation;

namespace Tributary.Pipeline.Tests.Support;

/// <summary>Break documents for the read and workflow tests.</summary>
internal static class Breaks
{
    public static ReconBreakDocument Document(string runId, string id, string status) =>
        new(id, runId, "cash", "amount_difference", "high", status, "both", "K1", "amount", "10.00", "12.00", "2.00", 2m, "USD", "exact", 3, []);
}
