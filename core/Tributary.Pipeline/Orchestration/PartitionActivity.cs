using System.Diagnostics;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Tributary.Pipeline.Telemetry;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Orchestration;

/// <summary>Computes one partition. Idempotent (outputs keyed by run and partition), as at-least-once delivery requires.</summary>
public sealed class PartitionActivity(IWorkload workload, PipelineServices services, PipelineOptions options) : TaskActivity<PartitionCall, JsonElement>
{
    /// <inheritdoc />
    public override Task<JsonElement> RunAsync(TaskActivityContext context, PartitionCall input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        services.ActivityStarting?.Invoke(new ActivityStart(input.RunId, context.Name.Name, input.Partition.Id));
        return TracedAsync(context.Name.Name, input);
    }

    private async Task<JsonElement> TracedAsync(string name, PartitionCall input)
    {
        using var step = RunStep.Begin(services, "partition", workload.Kind, input.RunId);
        step.Span?.SetTag(PipelineTelemetry.PartitionIdTag, input.Partition.Id);
        if (input.Index is { } index)
        {
            step.Span?.SetTag(PipelineTelemetry.PartitionTag, index);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var summary = await AttemptDeadline.RunAsync(name, options.PartitionRetry.Timeout, cancel => StopGuard.RunAsync(
                workload, services, options, input.RunId, input.StartedAt, input.Plan, stop => workload.RunPartitionAsync(input.RunId, input.Plan, input.Partition, stop), cancel))
                .ConfigureAwait(false);
            var took = Stopwatch.GetElapsedTime(started);
            var work = workload.WorkOf(summary);
            PipelineTelemetry.PartitionDuration.Record(took.TotalSeconds, new KeyValuePair<string, object?>("workload", workload.Kind));
            PipelineTelemetry.Rows(workload.Kind, work.Rows);
            if (step.Span is { } span)
            {
                span.SetTag(PipelineTelemetry.RowsTag, work.Rows);
                if (work.Pairs > 0)
                {
                    span.SetTag(PipelineTelemetry.PairsTag, work.Pairs);
                }
            }

            step.Log.LogInformation("Partition {Partition} of run {RunId} done in {Seconds:0.000} s: {Rows} rows, {Pairs} pairs",
                input.Partition.Id, input.RunId, took.TotalSeconds, work.Rows, work.Pairs);
            return summary;
        }
        catch (Exception e)
        {
            step.Fail(e, "partition", input.RunId);
            throw;
        }
    }
}
