using System.Text.Json;
using Tributary.Pipeline.Ports;
using Tributary.Storage.Queues;
using Tributary.Storage.StorageAccount;

namespace Tributary.Storage.Tests;

[Collection(EmulatorCollection.Name)]
public sealed class StorageQueueRunEventPublisherTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task Published_events_are_readable_back_from_pipeline_events_as_json()
    {
        // The only test that uses the real queue name, so it can expect to read back exactly its own two events.
        var settings = fixture.Emulators.StorageSettings;
        var publisher = new StorageQueueRunEventPublisher(settings.CreateQueueClient(StorageQueueRunEventPublisher.QueueName));
        var completed = new RunEvent("run-1", "hpi", "Completed", """{"series":12}""", new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var failed = new RunEvent("run-2", "recon", "Failed", null, new DateTimeOffset(2026, 11, 23, 10, 5, 0, TimeSpan.Zero));

        await publisher.PublishAsync(completed, CancellationToken.None);
        await publisher.PublishAsync(failed, CancellationToken.None);

        var reader = settings.CreateQueueClient("pipeline-events");
        var messages = (await reader.ReceiveMessagesAsync(maxMessages: 10)).Value;
        var events = messages.Select(m => JsonSerializer.Deserialize<RunEvent>(m.Body.ToString(), JsonSerializerOptions.Web)).ToList();
        using var json = JsonDocument.Parse(messages[0].Body.ToString());

        Assert.Equal(new[] { completed, failed }, events);
        Assert.Equal("run-1", json.RootElement.GetProperty("runId").GetString());
        Assert.Equal("Completed", json.RootElement.GetProperty("status").GetString());

        // Subscribers de-duplicate on this key: it is in the message, and the same for every copy of the outcome.
        Assert.Equal("run-1:Completed", json.RootElement.GetProperty("eventId").GetString());
        Assert.Equal(completed.EventId, (completed with { At = completed.At.AddMinutes(3) }).EventId);
    }

    [Fact]
    public async Task An_event_too_large_for_a_queue_message_is_rejected_with_the_reason()
    {
        var publisher = new StorageQueueRunEventPublisher(fixture.Emulators.StorageSettings.CreateQueueClient("oversized-events"));
        var summary = "\"" + new string('x', 60_000) + "\"";

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            publisher.PublishAsync(new RunEvent("big", "gen", "Completed", summary, DateTimeOffset.UnixEpoch), CancellationToken.None));

        Assert.Contains("blob", error.Message);
    }

    [Fact]
    public void Settings_fall_back_to_the_functions_host_storage_names()
    {
        var config = new Dictionary<string, string?>
        {
            [StorageSettings.WebJobsAccountNameKey] = "tributarystore",
            [StorageSettings.WebJobsClientIdKey] = "client-1",
        };

        var settings = StorageSettings.FromConfiguration(key => config.GetValueOrDefault(key));
        var blobs = settings.CreateBlobServiceClient();

        Assert.Equal("tributarystore", settings.AccountName);
        Assert.Equal("client-1", settings.ManagedIdentityClientId);
        Assert.Equal(new Uri("https://tributarystore.blob.core.windows.net/"), blobs.Uri);
    }
}
