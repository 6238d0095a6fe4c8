using Microsoft.DurableTask.Client;
using Tributary.Pipeline.Runs;
using CoreStatus = DurableTask.Core.OrchestrationStatus;

namespace Tributary.Host.Tests.Runtime;

/// <summary>Both runtimes' statuses read as the same run status, and a filter asks each runtime for the same set.</summary>
public sealed class RuntimeStatusMappingTests
{
    [Theory]
    [InlineData("Pending", RuntimeStatus.Pending)]
    [InlineData("Running", RuntimeStatus.Running)]
    [InlineData("Suspended", RuntimeStatus.Running)]
    [InlineData("Completed", RuntimeStatus.Completed)]
    [InlineData("Failed", RuntimeStatus.Failed)]
    [InlineData("Terminated", RuntimeStatus.Terminated)]
    public void The_sdk_and_the_framework_status_of_one_name_read_as_one_run_status(string name, RuntimeStatus expected)
    {
        Assert.Equal(expected, RuntimeStatusNames.FromRuntime(Enum.Parse<OrchestrationRuntimeStatus>(name)));
        Assert.Equal(expected, RuntimeStatusNames.FromRuntime(Enum.Parse<CoreStatus>(name)));
    }

    [Fact]
    public void A_running_filter_asks_both_runtimes_for_suspended_runs_too_and_terminated_covers_canceled()
    {
        Assert.Equal(
            ["Running", "Suspended"],
            RuntimeStatusNames.ToRuntime<OrchestrationRuntimeStatus>(RuntimeStatus.Running).Select(s => s.ToString()).Where(s => s != "ContinuedAsNew").Order());
        Assert.Equal(
            ["ContinuedAsNew", "Running", "Suspended"],
            RuntimeStatusNames.ToRuntime<CoreStatus>(RuntimeStatus.Running).Select(s => s.ToString()).Order());
        Assert.Contains(CoreStatus.Canceled, RuntimeStatusNames.ToRuntime<CoreStatus>(RuntimeStatus.Terminated));
        Assert.Equal(RuntimeStatus.Terminated, RuntimeStatusNames.FromRuntime(CoreStatus.Canceled));
    }
}
