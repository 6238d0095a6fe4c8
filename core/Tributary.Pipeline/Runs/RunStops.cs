using System.Text;
using System.Text.Json;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Ports;

namespace Tributary.Pipeline.Runs;

/// <summary>
/// The record that a run was terminated, one small blob `run-stops/{kind}/{runId}.json` written before the backend is told.
/// A terminate stops the orchestrator, but not the activities already queued or running: the backend still delivers them.
/// Every plan, partition and finalize activity reads this record when it starts and while it runs (<see cref="Orchestration.StopGuard"/>),
/// so no work of a terminated run starts, running work is cancelled, and whatever it wrote is removed when it ends.
/// The record stays (a purge may come while a partition still runs); it applies only to the run that started before the
/// terminate, so a later run under the same id (a drop uploaded again after a purge) is not stopped by it.
/// </summary>
public sealed class RunStops(IBlobStore blobs)
{
    /// <summary>The container of the stop records.</summary>
    public const string Container = "run-stops";

    /// <summary>The stop record's blob of a run.</summary>
    public static BlobRef RecordOf(string kind, string runId) => new(Container, $"{kind}/{runId}.json");

    /// <summary>Records that the run is being terminated now.</summary>
    public async Task RecordAsync(string kind, string runId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await blobs.EnsureContainerAsync(Container, cancellationToken).ConfigureAwait(false);
        var json = JsonSerializer.SerializeToUtf8Bytes(new StopRecord(at), DurableJson.Options);
        await blobs.WriteAsync(RecordOf(kind, runId), new MemoryStream(json), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// True when the run that started at <paramref name="startedAt"/> was terminated: a stop record exists and is not older
    /// than the start (an older one belongs to an earlier run under the same id). An unknown start (null) counts any record.
    /// </summary>
    public async Task<bool> IsStoppedAsync(string kind, string runId, DateTimeOffset? startedAt, CancellationToken cancellationToken)
    {
        StopRecord? record;
        try
        {
            await using var stream = await blobs.OpenReadAsync(RecordOf(kind, runId), cancellationToken).ConfigureAwait(false);
            record = await JsonSerializer.DeserializeAsync<StopRecord>(stream, DurableJson.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return false;
        }

        return record is not null && (startedAt is not { } started || record.TerminatedAt >= started);
    }

    private sealed record StopRecord(DateTimeOffset TerminatedAt);
}
