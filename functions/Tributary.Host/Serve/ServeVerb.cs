using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using Tributary.Host.Cli;
using Tributary.Host.LocalData;
using Tributary.Host.Serve.Security;
using Tributary.Local.LocalData;

namespace Tributary.Host.Serve;

/// <summary>`tributary serve`: the self-hosted runtime (HTTP API, drop watcher, timers, the Durable Task Framework worker).</summary>
public static class ServeVerb
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls")
        {
            Description = "Where the HTTP API listens. Default: Tributary:Urls from configuration, else http://127.0.0.1:7071 (loopback only).",
        };
        var inMemory = new Option<bool>("--in-memory")
        {
            Description = "Keep nothing on disk: start Azurite and the local Cosmos server in memory (random loopback ports; configured " +
                "Azure resources are ignored); the data directory holds only admin.key (no lock, no endpoints.json); nothing else " +
                "survives a restart. The same engine as every other mode. Meant for tests and a quick look.",
        };
        var data = LocalDataSession.DataOption(
            "Where the local emulators keep their data (Azurite files, Cosmos journal), the lock that keeps a second host off it, " +
            "endpoints.json for the client verbs, and admin.key (the generated local credential). The emulator data is used only when no Storage/Cosmos is configured.");
        var ports = LocalDataSession.PortsOption();
        var maxActivities = new Option<int?>("--max-activities")
        {
            Description = "Activities this process executes at once, across all runs. Default: 4 per CPU core (Tributary:Durable:MaxConcurrentActivities).",
        };
        var journal = new Option<string?>("--journal")
        {
            Description = "Append one line per activity attempt to this file (run, task, partition, pid): shows what a restart ran again and how processes shared a run.",
        };
        var logFormat = new Option<string?>("--log-format")
        {
            Description = "Console log format: text, or json (one JSON object per line whose scopes carry TraceId, SpanId and, inside a run, " +
                "RunId and Workload); the same as Logging__Console__FormatterName=json. Traces, metrics and logs also go over OTLP when " +
                "OTEL_EXPORTER_OTLP_ENDPOINT is set (OTEL_EXPORTER_OTLP_PROTOCOL grpc or http/protobuf).",
        };
        logFormat.AcceptOnlyFromAmong("text", "json");
        var command = new Command("serve",
            "Run the pipeline host: HTTP API (/api/runs, /api/health, /openapi/v1.json), drop folders (hpi-drop, recon-drop, forecast-drop, gen-requests), " +
            "cron timers. Runs execute on the Durable Task Framework with the Azure Storage provider (task hub 'tributary'); several serve " +
            "processes on one storage account share the work. Storage: the connection strings in configuration (Storage:connectionString, Cosmos:connectionString or their " +
            "Entra ID forms) when set; otherwise it starts Azurite and the local Cosmos server itself and stops them on exit.\n\n" +
            "Every route but /api/health needs a credential: an API key in X-Api-Key (with nothing configured, an admin key is " +
            "created at first start as the single line of <data>/admin.key, mode 0600; `tributary keys new` makes more, with roles) " +
            "or an OpenID Connect bearer token (Tributary:Security:Oidc:Authority and :Audience). A non-loopback --urls needs " +
            "configured keys or OIDC.\n\n" +
            "Examples:\n  tributary serve\n  tributary serve --data ./local-data --urls http://127.0.0.1:7080\n  tributary serve --in-memory")
        {
            urls, inMemory, data, ports, maxActivities, journal, logFormat,
        };
        command.SetAction(CliAction.Run(async (parse, cancel) =>
        {
            var configuration = HostConfiguration.Load();
            var settings = HostSettings.From(configuration);

            // Before anything starts: every unusable setting (one line each, naming its key), bad credentials or telemetry
            // configuration, or the network with only the generated key, are refused.
            var problems = settings.Errors.Concat(settings.Security.Errors).Concat(settings.Telemetry.Errors).ToList();
            if (parse.GetValue(urls) is { } cliUrls && HostSettings.UrlsProblem(cliUrls) is { } urlsProblem)
            {
                problems.Add($"--urls: {urlsProblem}");
            }

            foreach (var problem in problems)
            {
                CliAction.Error(problem);
            }

            if (problems.Count > 0)
            {
                return CliAction.InvalidInput;
            }

            if (parse.GetValue(logFormat) is { } format)
            {
                settings = settings with { Telemetry = settings.Telemetry with { JsonLogs = format == "json" } };
            }

            if (settings.Telemetry.OtlpEndpoint is not null)
            {
                Telemetry.ServeTelemetry.EnableAzureSdkSpans();
            }

            if (ListenAddresses.Refusal(parse.GetValue(urls) ?? settings.Urls, settings.Security.HasConfiguredCredentials) is { } refusal)
            {
                CliAction.Error(refusal);
                return CliAction.InvalidInput;
            }

            settings = settings with
            {
                Urls = parse.GetValue(urls) ?? settings.Urls,
                Durable = settings.Durable with
                {
                    MaxConcurrentActivities = parse.GetValue(maxActivities) ?? settings.Durable.MaxConcurrentActivities,

                    // Stable across restarts of this host (it takes its partition leases back at once) and distinct
                    // for two processes on one machine, which cannot share a port. BindingAddress, unlike Uri, reads `*` and `+`.
                    WorkerId = settings.Durable.WorkerId ?? $"{Environment.MachineName}-{BindingAddress.Parse((parse.GetValue(urls) ?? settings.Urls).Split(';')[0].Trim()).Port}",
                },
                ExecutionJournal = parse.GetValue(journal) ?? settings.ExecutionJournal,
            };
            if (LocalDataSession.OpenForVerb(configuration, parse.GetValue(inMemory), parse.GetValue(data), parse.GetValue(ports)) is not { } local)
            {
                return CliAction.EnvironmentFailure;
            }

            using var session = local;
            settings = settings with
            {
                Security = LocalAdminKey.ApplyDefault(settings.Security, LocalDataSession.Resolve(parse.GetValue(data)).AdminKeyFile, Console.Error),
            };
            var backend = await BackendFactory.CreateAsync(configuration, parse.GetValue(inMemory), Console.Error, cancel, session.Emulators);
            await using var app = PipelineHost.Build(settings, backend); // the app owns the backend from here
            await app.StartAsync(cancel);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            session.PublishApi(address);
            StartNotice.Write(Console.Error, settings, LocalDataSession.Resolve(parse.GetValue(data)).AdminKeyFile);
            Console.Error.WriteLine($"tributary serve: {address} on {backend.Description}" +
                (session.Directory is { } directory ? $", endpoints in {directory.EndpointsFile}" : "") + ". Ctrl+C stops.");
            await app.WaitForShutdownAsync(cancel);
            return 0;
        }));
        return command;
    }
}
