using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Tributary.Pipeline.Durable;
using Tributary.Pipeline.Runs;

namespace Tributary.Host.Client;

/// <summary>A small HTTP client of a running `tributary serve`; every request carries the credential.</summary>
public sealed class PipelineClient : IDisposable
{
    /// <summary>The default host address, as `serve` binds it.</summary>
    public const string DefaultHost = "http://127.0.0.1:7071";

    private readonly HttpClient _http;

    public PipelineClient(HttpClient http, ClientCredential? credential = null)
    {
        _http = http;
        Credential = credential ?? new ClientCredential(null, "none given");
        if (Credential.Key is { } key)
        {
            _http.DefaultRequestHeaders.Add(ClientCredential.HeaderName, key);
        }
    }

    /// <summary>The host's address, for messages.</summary>
    public string Address => _http.BaseAddress?.ToString().TrimEnd('/') ?? "";

    /// <summary>The key sent with every request, and where it came from.</summary>
    public ClientCredential Credential { get; }

    /// <param name="timeout">How long one request may take; 30 s by default, none for verbs that move whole files.</param>
    public static PipelineClient For(string host, ClientCredential? credential = null, HttpMessageHandler? handler = null, TimeSpan? timeout = null) =>
        new(new HttpClient(handler ?? new HttpClientHandler()) { BaseAddress = new Uri(host.TrimEnd('/') + "/"), Timeout = timeout ?? TimeSpan.FromSeconds(30) }, credential);

    /// <summary>Starts a run; throws <see cref="PipelineClientException"/> with the server's problem text on a 4xx.</summary>
    public async Task<RunLinks> StartAsync(string kind, StartRunBody body, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync($"api/runs/{Uri.EscapeDataString(kind)}", body, DurableJson.Options, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<RunLinks>(response, $"start a {kind} run", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a re-run of a finished run on the same input (POST /api/runs/{id}/rerun).</summary>
    public async Task<RunLinks> RerunAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync($"api/runs/{Uri.EscapeDataString(id)}/rerun", null, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<RunLinks>(response, $"rerun run {id}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The status of a run, or null when the host does not know it.</summary>
    public async Task<RunStatusView?> GetAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"api/runs/{Uri.EscapeDataString(id)}", cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NotFound
            ? null
            : await ReadAsync<RunStatusView>(response, $"read run {id}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One page of runs (GET /api/runs); the filter's continuation token names the page.</summary>
    public async Task<RunPage> ListAsync(RunListFilter filter, CancellationToken cancellationToken)
    {
        var query = new List<string> { $"pageSize={filter.PageSize.ToString(CultureInfo.InvariantCulture)}" };
        if (filter.Statuses is { Count: > 0 } statuses)
        {
            query.Add($"status={Uri.EscapeDataString(string.Join(',', statuses))}");
        }

        Add(query, "kind", filter.Kind);
        Add(query, "createdFrom", filter.CreatedFrom?.ToString("o", CultureInfo.InvariantCulture));
        Add(query, "createdTo", filter.CreatedTo?.ToString("o", CultureInfo.InvariantCulture));
        Add(query, "continuationToken", filter.ContinuationToken);
        using var response = await _http.GetAsync($"api/runs?{string.Join('&', query)}", cancellationToken).ConfigureAwait(false);
        return await ReadAsync<RunPage>(response, "list runs", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the host to terminate an unfinished run (POST /api/runs/{id}/terminate).</summary>
    public async Task<RunStatusView> TerminateAsync(string id, string? reason, CancellationToken cancellationToken)
    {
        var query = reason is null ? "" : $"?reason={Uri.EscapeDataString(reason)}";
        using var response = await _http.PostAsync($"api/runs/{Uri.EscapeDataString(id)}/terminate{query}", null, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<RunStatusView>(response, $"terminate run {id}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Purges a finished run: its state, history, child instances and results (DELETE /api/runs/{id}).</summary>
    public async Task<PurgeSummary> PurgeAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync($"api/runs/{Uri.EscapeDataString(id)}", cancellationToken).ConfigureAwait(false);
        return await ReadAsync<PurgeSummary>(response, $"purge run {id}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a GET and reads its JSON answer; <paramref name="action"/> names it in a refusal's message.</summary>
    public async Task<T> GetJsonAsync<T>(string path, string action, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, action, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a JSON PATCH and reads its JSON answer; <paramref name="action"/> names it in a refusal's message.</summary>
    public async Task<T> PatchJsonAsync<T>(string path, object body, string action, CancellationToken cancellationToken)
    {
        using var response = await _http.PatchAsJsonAsync(path, body, DurableJson.Options, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, action, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a JSON POST and reads its JSON answer; <paramref name="action"/> names it in a refusal's message.</summary>
    public async Task<T> PostJsonAsync<T>(string path, object body, string action, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(path, body, DurableJson.Options, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, action, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Streams a file's content to a PUT route (the drop upload) and reads its JSON answer.</summary>
    public async Task<T> PutStreamAsync<T>(string path, Stream content, string action, CancellationToken cancellationToken)
    {
        using var body = new StreamContent(content);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        using var response = await _http.PutAsync(path, body, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, action, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a download: the response with its headers read and its body still to stream; the caller disposes it.</summary>
    public async Task<HttpResponseMessage> OpenAsync(string path, string action, CancellationToken cancellationToken)
    {
        var response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await HostRefusal.ReadAsync(response, action, Credential, cancellationToken).ConfigureAwait(false);
            }
        }

        return response;
    }

    /// <summary>Polls until the run is terminal, reporting each status seen.</summary>
    public async Task<RunStatusView> WaitAsync(string id, Action<RunStatusView>? seen, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await GetAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new PipelineClientException($"run {id} does not exist", (int)HttpStatusCode.NotFound);
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

    public void Dispose() => _http.Dispose();

    private static void Add(List<string> query, string name, string? value)
    {
        if (value is not null)
        {
            query.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, string action, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await HostRefusal.ReadAsync(response, action, Credential, cancellationToken).ConfigureAwait(false);
        }

        return await response.Content.ReadFromJsonAsync<T>(DurableJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new PipelineClientException($"the host answered {action} with an empty body", null);
    }
}

/// <summary>The host refused a request (<see cref="StatusCode"/> is its HTTP status) or is unreachable (no status).</summary>
public sealed class PipelineClientException(string message, int? statusCode = null) : Exception(message)
{
    /// <summary>The host's HTTP status; null when no answer came.</summary>
    public int? StatusCode { get; } = statusCode;

    /// <summary>A 4xx: the request must change (usage, exit 2). Anything else is the environment's (exit 3).</summary>
    public bool IsClientError => StatusCode is >= 400 and < 500;
}
