using System.Text.Json;
using Azure.Storage.Queues;
using Tributary.Pipeline.Ports;

namespace Tributary.Storage.Queues;

/// <summary>
/// Publishes run events as JSON messages to the Storage queue <c>pipeline-events</c> (created on first use). Messages
/// are Base64-encoded, the encoding Azure Functions queue triggers expect, so a Functions subscriber can read them.
/// </summary>
public sealed class StorageQueueRunEventPublisher : IRunEventPublisher
{
    /// <summary>The queue every run event goes to.</summary>
    public const string QueueName = "pipeline-events";

    /// <summary>The Storage queue limit for one message, after Base64 encoding.</summary>
    private const int MaxEncodedMessageBytes = 64 * 1024;

    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web);
    private readonly QueueClient _queue;
    private Task? _created;

    /// <summary>Publishes to <paramref name="queue"/> (build it with <see cref="StorageAccount.StorageSettings.CreateQueueClient"/>).</summary>
    public StorageQueueRunEventPublisher(QueueClient queue)
    {
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
    }

    /// <summary>Serialises the event as camelCase JSON (<c>runId, kind, status, summary, at, eventId</c>) and sends it.</summary>
    public async Task PublishAsync(RunEvent runEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        var json = JsonSerializer.Serialize(runEvent, EventJson);
        var encodedBytes = (System.Text.Encoding.UTF8.GetByteCount(json) + 2) / 3 * 4;
        if (encodedBytes > MaxEncodedMessageBytes)
        {
            // Events carry a small summary by design; a summary this large belongs in a blob the event points to.
            throw new ArgumentException(
                $"Run event for {runEvent.RunId} is {encodedBytes} bytes encoded; a queue message holds at most {MaxEncodedMessageBytes}. Put large summaries in a blob.",
                nameof(runEvent));
        }

        await EnsureQueueAsync().WaitAsync(cancellationToken);
        await _queue.SendMessageAsync(json, cancellationToken);
    }

    private Task EnsureQueueAsync()
    {
        var created = _created;
        if (created is null || created.IsFaulted || created.IsCanceled)
        {
            // A failed create (e.g. storage still starting) is not remembered: the next publish tries again.
            created = _queue.CreateIfNotExistsAsync();
            _created = created;
        }

        return created;
    }
}
