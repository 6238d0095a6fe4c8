using Microsoft.Azure.Functions.Worker;

namespace Tributary.Functions.Events;

/// <summary>
/// Forwards each run event from the host storage queue `pipeline-events` (where core's finalize activity publishes it,
/// exactly as in the self-hosted runtime) to the Service Bus topic through the output binding. A failed send is retried
/// by the queue trigger and, after five attempts, parked in `pipeline-events-poison`: never lost silently.
/// </summary>
public static class RunEventsToServiceBus
{
    [Function("RunEventsToServiceBus")]
    [ServiceBusOutput("%RunEventsTopic%", ServiceBusEntityType.Topic, Connection = "ServiceBus")]
    public static string Forward([QueueTrigger("pipeline-events", Connection = "AzureWebJobsStorage")] string runEventJson) => runEventJson;
}
