using Microsoft.DurableTask;
using Tributary.Pipeline.Durable.Hosting;
using ActivityFailedException = Tributary.Pipeline.Durable.ActivityFailedException;
using CoreFailure = Tributary.Pipeline.Durable.FailureDetails;
using CoreRetry = Tributary.Pipeline.Durable.RetrySchedule;

namespace Tributary.Functions.Durable;

/// <summary>The Azure-only part of the adapter: <see cref="IDurableCalls"/> mapped onto Durable's <see cref="TaskOrchestrationContext"/>.</summary>
public sealed class TaskOrchestrationCalls(TaskOrchestrationContext context) : IDurableCalls
{
    public string InstanceId => context.InstanceId;

    public DateTime CurrentUtcDateTime => context.CurrentUtcDateTime;

    public bool IsReplaying => context.IsReplaying;

    public string? InputJson => context.GetInput<string>();

    public async Task<string?> CallActivityAsync(string functionName, ActivityEnvelope envelope, CoreRetry? retry)
    {
        try
        {
            return await context.CallActivityAsync<string?>(functionName, envelope, Options(retry));
        }
        catch (TaskFailedException e)
        {
            throw Failed(functionName, e);
        }
    }

    public async Task<string?> CallSubOrchestratorAsync(string functionName, string? inputJson)
    {
        try
        {
            return await context.CallSubOrchestratorAsync<string?>(functionName, inputJson);
        }
        catch (TaskFailedException e)
        {
            throw Failed(functionName, e);
        }
    }

    public void SetCustomStatus(string? json) => context.SetCustomStatus(json);

    // Durable's retry has no per-attempt timeout; core's RetrySchedule.Timeout is not applied in Azure (functionTimeout bounds an attempt).
    private static TaskOptions? Options(CoreRetry? retry) => retry is null || retry.MaxAttempts <= 1
        ? null
        : TaskOptions.FromRetryPolicy(new RetrySchedule(retry.MaxAttempts, retry.FirstRetryInterval, retry.BackoffCoefficient, retry.MaxRetryInterval));

    // Durable reports the full type name (Tributary.Abstractions.Input.InvalidInputException); core compares the short
    // name, as the embedded engine records it, e.g. to quarantine a drop whose plan failed on bad input.
    private static ActivityFailedException Failed(string functionName, TaskFailedException e) =>
        new(functionName, new CoreFailure(e.FailureDetails.ErrorType.Split('.')[^1], e.FailureDetails.ErrorMessage, e.FailureDetails.StackTrace));
}
