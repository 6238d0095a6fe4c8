using Microsoft.DurableTask;

namespace Tributary.Pipeline.Orchestration;

/// <summary>What caused a task's failure, by the SDK's typed check, looking through the failures it wraps.</summary>
public static class FailureCause
{
    /// <summary>
    /// True when the failure or one it wraps was raised as <typeparamref name="T"/> (or a subtype). A failure can arrive
    /// wrapped, e.g. a child orchestration's failure around its activity's, so the inner failures count too.
    /// </summary>
    public static bool Is<T>(TaskFailureDetails? failure)
        where T : Exception
    {
        for (var current = failure; current is not null; current = current.InnerFailure)
        {
            if (current.IsCausedBy<T>())
            {
                return true;
            }
        }

        return false;
    }
}
