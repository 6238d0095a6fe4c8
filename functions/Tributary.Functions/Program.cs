using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tributary.Functions;
using Tributary.Functions.Access;
using Tributary.Functions.Telemetry;
using Tributary.Http;
using Tributary.Pipeline.Durable;

// The Azure deployable: the same orchestrations, activities and adapters as `tributary serve`, bound to Functions triggers.
var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();

// Every HTTP function is anonymous to the Functions host: who may call it is decided here, by core's access matrix, from
// Easy Auth's principal or an API key (docs/azure.md, "Who may call the app").
builder.UseMiddleware<FunctionGateMiddleware>();
builder.Services.AddSingleton(_ => FunctionGates.From(builder.Configuration));

// The Durable extension serialises orchestration inputs, outputs, activity payloads and custom status with the worker's
// serializer: DurableJson, as `tributary serve` does, so both hosts read each other's history and status alike.
builder.Services.Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer(DurableJson.Options));

// The HTTP functions answer with core's route table, as `tributary serve` does: the same JSON shape and problem details.
builder.Services.AddPipelineHttp(builder.Configuration);

// OpenTelemetry in the worker, as the host (host.json telemetryMode): Azure Monitor when the connection string is set.
builder.Services.AddFunctionsTelemetry(builder.Configuration);

builder.Services.AddPipeline(builder.Configuration);

builder.Build().Run();
