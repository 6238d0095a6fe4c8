using Microsoft.DurableTask;
using Tributary.Abstractions.Input;
using Tributary.Pipeline.Orchestration;

namespace Tributary.Pipeline.Tests.Orchestration;

public sealed class FailureCauseTests
{
    [Fact]
    public void An_input_error_is_recognised_by_its_type_directly_or_wrapped_and_never_retried()
    {
        var direct = Failure(typeof(InvalidInputException).FullName!);
        var wrapped = Failure(typeof(TaskFailedException).FullName!, direct);
        var policy = new RetrySchedule(4, TimeSpan.FromSeconds(1));

        Assert.True(FailureCause.Is<InvalidInputException>(direct));
        Assert.True(FailureCause.Is<InvalidInputException>(wrapped));
        Assert.Null(policy.Decide(1, direct));
        Assert.Null(policy.Decide(1, wrapped));
    }

    [Fact]
    public void A_foreign_exception_with_the_same_short_name_is_not_an_input_error_and_is_retried()
    {
        // The old adapter compared the last segment of the type name: any "…InvalidInputException" counted as bad input.
        var impostor = Failure("Some.Other.Library.InvalidInputException");
        var transient = Failure(typeof(IOException).FullName!);
        var policy = new RetrySchedule(3, TimeSpan.FromSeconds(1), 2.0);

        Assert.False(FailureCause.Is<InvalidInputException>(impostor));
        Assert.Equal(TimeSpan.FromSeconds(1), policy.Decide(1, impostor));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.Decide(2, transient));
        Assert.Null(policy.Decide(3, transient));
    }

    [Fact]
    public void A_timed_out_attempt_is_transient()
    {
        Assert.False(FailureCause.Is<InvalidInputException>(Failure(typeof(ActivityTimeoutException).FullName!)));
        Assert.True(FailureCause.Is<TimeoutException>(Failure(typeof(ActivityTimeoutException).FullName!)));
    }

    private static TaskFailureDetails Failure(string type, TaskFailureDetails? inner = null) => new(type, "boom", null, inner, null);
}
