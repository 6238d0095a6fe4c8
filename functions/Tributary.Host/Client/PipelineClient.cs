using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Runs;

namespace Tributary.Host.Client;

/// <summary>A small HTTP client of a running `tributary serve`.</summary>
public sealed class PipelineClient(HttpClient http) : IDisposable
{
    /// <summary>The default host address, as `serve` binds it.</summary>
    public const string DefaultHost = "http://127.0.0.1:7071";

    public static PipelineClient For(string host) => new(new HttpClient { BaseAddress = new Uri(host.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) });

    /// <summary>Starts a run; throws <see cref="PipelineClientException"/> with the server's problem text on a 4xx.</summary>
    public async Task<RunLinks> StartAsync(string kind, StartRunBody body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"api/runs/{Uri.EscapeDataString(kind)}", body, DurableJson.Options, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, cancellationToken).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<RunLinks>(DurableJson.Options, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Starts a re-run of a finished run on the same input (POST /api/runs/{id}/rerun); throws <see cref="PipelineClientException"/> on a 4xx.</summary>
    public async Task<RunLinks> RerunAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"api/runs/{Uri.EscapeDataString(id)}/rerun", null, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, cancellationToken).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<RunLinks>(DurableJson.Options, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The status of a run, or null when the host does not know it.</summary>
    public async Task<RunStatusView?> GetAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/runs/{Uri.EscapeDataString(id)}", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<RunStatusView>(DurableJson.Options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polls until the run is terminal, reporting each status seen.</summary>
    public async Task<RunStatusView> WaitAsync(string id, Action<RunStatusView>? seen, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await GetAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new PipelineClientException($"run {id} does not exist");
            seen?.Invoke(status);
            if (status.RuntimeStatus is RuntimeStatus.Completed or RuntimeStatus.Failed or RuntimeStatus.Terminated)
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"run {id} still {status.RuntimeStatus} after {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => http.Dispose();

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var title = text;
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.TryGetProperty("title", out var t))
            {
                title = t.GetString() ?? text;
            }
        }
        catch (JsonException)
        {
        }

        throw new PipelineClientException($"{(int)response.StatusCode} {response.ReasonPhrase}: {title}");
    }
}

/// <summary>The host refused a request or is unreachable.</summary>
public sealed class PipelineClientException(string message) : Exception(message);
