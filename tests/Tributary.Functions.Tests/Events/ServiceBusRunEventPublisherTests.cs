using System.Text.Json;
using Tributary.Functions.Events;
using Tributary.Pipeline.Ports;

namespace Tributary.Functions.Tests.Events;

/// <summary>The Service Bus message a run event is sent as (there is no broker here: the built message is checked).</summary>
public sealed class ServiceBusRunEventPublisherTests
{
    [Fact]
    public void The_message_carries_the_event_id_a_kind_status_subject_and_the_events_json()
    {
        var at = new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
        var runEvent = new RunEvent("hpi-20261201", "hpi", "Completed", """{"cbsas":3}""", at);

        var message = ServiceBusRunEventPublisher.ToMessage(runEvent);

        Assert.Equal("hpi-20261201:Completed", message.MessageId);
        Assert.Equal("hpi.Completed", message.Subject);
        Assert.Equal("application/json", message.ContentType);
        using var body = JsonDocument.Parse(message.Body.ToString());
        var root = body.RootElement;
        Assert.Equal("hpi-20261201", root.GetProperty("runId").GetString());
        Assert.Equal("hpi", root.GetProperty("kind").GetString());
        Assert.Equal("Completed", root.GetProperty("status").GetString());
        Assert.Equal("""{"cbsas":3}""", root.GetProperty("summary").GetString());
        Assert.Equal(at, root.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(runEvent.EventId, root.GetProperty("eventId").GetString());
    }
}
