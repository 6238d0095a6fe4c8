using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Tributary.Pipeline.Ports;
using Tributary.Storage.Cosmos;

namespace Tributary.Functions.Health;

/// <summary>GET /api/health: probes every dependency (Cosmos, Blob Storage, the Durable task hub); 503 when one fails.</summary>
public sealed class HealthFunction(CosmosStorage cosmos, IBlobStore blobs)
{
    [Function("Health")]
    public async Task<IActionResult> CheckAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var checks = new (string Name, Func<Task> Probe)[]
        {
            ("cosmos", () => cosmos.Database.ReadAsync(cancellationToken: cancellationToken)),
            ("blobs", () => blobs.GetInfoAsync(new BlobRef("outputs", ".health"), cancellationToken)),
            ("durable", () => client.GetInstanceAsync("health-probe", getInputsAndOutputs: false, cancellationToken)),
        };
        var results = new List<object>();
        var healthy = true;
        foreach (var (name, probe) in checks)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                await probe();
                results.Add(new { name, status = "ok", milliseconds = watch.ElapsedMilliseconds });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                healthy = false;
                results.Add(new { name, status = "failed", error = e.Message, milliseconds = watch.ElapsedMilliseconds });
            }
        }

        return new ObjectResult(new { status = healthy ? "healthy" : "unhealthy", checks = results })
        {
            StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
        };
    }
}
