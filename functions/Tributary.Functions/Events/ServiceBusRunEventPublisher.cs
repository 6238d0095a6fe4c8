using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Tributary.Pipeline.Ports;

namespace Tributary.Functions.Events;

/// <summary>
/// Publishes run events to the Service Bus topic `RunEventsTopic` with the SDK's <see cref="ServiceBusSender"/> (the mirror
/// serves no Service Bus output binding). One message per event: MessageId = <see cref="RunEvent.EventId"/>
/// (`{runId}:{status}`, so the topic's duplicate detection and subscribers drop re-published copies), Subject =
/// `{kind}.{status}` (e.g. `hpi.Completed`, for subscription filters), ContentType = application/json, and the body the
/// camelCase JSON of the event (`runId, kind, status, summary, at, eventId`), the same body as the storage queue's.
/// </summary>
public sealed class ServiceBusRunEventPublisher(ServiceBusSender sender) : IRunEventPublisher
{
    /// <summary>The message's content type.</summary>
    public const string JsonContentType = "application/json";

    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web);

    public Task PublishAsync(RunEvent runEvent, CancellationToken cancellationToken) =>
        sender.SendMessageAsync(ToMessage(runEvent), cancellationToken);

    /// <summary>The message an event is sent as.</summary>
    public static ServiceBusMessage ToMessage(RunEvent runEvent)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        return new ServiceBusMessage(BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(runEvent, EventJson)))
        {
            MessageId = runEvent.EventId,
            Subject = $"{runEvent.Kind}.{runEvent.Status}",
            ContentType = JsonContentType,
        };
    }
}
