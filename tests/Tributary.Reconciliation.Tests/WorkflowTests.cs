using Tributary.Reconciliation.Workflow;

namespace Tributary.Reconciliation.Tests;

public sealed class WorkflowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_break_walks_open_in_review_escalated_closed_recording_who_and_when()
    {
        var state = BreakState.Opened("b1");
        state = Accept(BreakWorkflow.Transition(state, BreakStatus.InReview, "ana", T0));
        state = Accept(BreakWorkflow.Transition(state, BreakStatus.Escalated, "ben", T0.AddHours(1)));
        state = Accept(BreakWorkflow.Transition(state, BreakStatus.Closed, "cy", T0.AddHours(2)));
        Assert.Equal(BreakStatus.Closed, state.Status);
        Assert.Equal(
            [(BreakStatus.Open, BreakStatus.InReview, "ana", T0), (BreakStatus.InReview, BreakStatus.Escalated, "ben", T0.AddHours(1)),
             (BreakStatus.Escalated, BreakStatus.Closed, "cy", T0.AddHours(2))],
            state.History.Select(h => (h.From, h.To, h.Actor, h.At)));
    }

    [Fact]
    public void Resolved_then_closed_is_allowed()
    {
        var state = Accept(BreakWorkflow.Transition(BreakState.Opened("b"), BreakStatus.InReview, "a", T0));
        state = Accept(BreakWorkflow.Transition(state, BreakStatus.Resolved, "a", T0));
        Assert.Equal(BreakStatus.Closed, Accept(BreakWorkflow.Transition(state, BreakStatus.Closed, "a", T0)).Status);
    }

    [Theory]
    [InlineData(BreakStatus.Open, BreakStatus.Resolved)]
    [InlineData(BreakStatus.Open, BreakStatus.Closed)]
    [InlineData(BreakStatus.Open, BreakStatus.Escalated)]
    [InlineData(BreakStatus.InReview, BreakStatus.Closed)]
    [InlineData(BreakStatus.InReview, BreakStatus.Open)]
    [InlineData(BreakStatus.Resolved, BreakStatus.Escalated)]
    [InlineData(BreakStatus.Closed, BreakStatus.Open)]
    [InlineData(BreakStatus.Closed, BreakStatus.InReview)]
    public void Moves_outside_the_workflow_are_rejected_and_leave_the_state_unchanged(BreakStatus from, BreakStatus to)
    {
        var state = new BreakState("b9", from, []);
        var result = BreakWorkflow.Transition(state, to, "ana", T0);
        Assert.False(result.Accepted);
        Assert.Same(state, result.State);
        Assert.Contains("b9", result.Rejection);
    }

    [Fact]
    public void A_transition_needs_an_actor_and_cannot_go_back_in_time()
    {
        Assert.False(BreakWorkflow.Transition(BreakState.Opened("b"), BreakStatus.InReview, " ", T0).Accepted);
        var state = Accept(BreakWorkflow.Transition(BreakState.Opened("b"), BreakStatus.InReview, "a", T0));
        Assert.False(BreakWorkflow.Transition(state, BreakStatus.Resolved, "a", T0.AddMinutes(-1)).Accepted);
    }

    private static BreakState Accept(TransitionResult result)
    {
        Assert.True(result.Accepted, result.Rejection);
        return result.State;
    }
}
