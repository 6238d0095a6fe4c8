using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tributary.Host.Serve;
using Tributary.Host.Serve.WebConsole;
using Tributary.Pipeline.Access;
using Tributary.Pipeline.Ports;

namespace Tributary.Host.Tests.Serve;

/// <summary>`PUT /api/drops/{kind}/{*path}`: streamed into the drop container, capped, name-checked, the trigger starts the run.</summary>
public sealed class DropUploadApiTests
{
    private readonly TallyWorkload _tally = new();

    [Fact]
    public async Task A_request_file_upload_stores_the_bytes_and_starts_the_run_it_names()
    {
        await using var host = await StartAsync(maxBytes: 1024);
        using var response = await host.Http.PutAsync("api/drops/tally/upload-1.json", Raw("""{"parts": 2}"""));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var runId = body.RootElement.GetProperty("runId").GetString()!;
        var run = await host.WaitAsync(runId);
        await using var stored = await host.Runtime.Services.Blobs.OpenReadAsync(new BlobRef("tally-requests", "upload-1.json"), default);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // The drop watcher may see the trigger between its write and the upload's own accept (it did at load 22): then the
        // upload answers the run the watcher started. Either way it is one run, and the answer names it.
        Assert.Contains(body.RootElement.GetProperty("decision").GetString(), new[] { "Started", "AlreadyStarted" });
        Assert.Equal(12L, body.RootElement.GetProperty("bytes").GetInt64());
        Assert.Equal(Pipeline.Runs.RuntimeStatus.Completed, run.RuntimeStatus);
        Assert.Equal("""{"parts": 2}""", await new StreamReader(stored).ReadToEndAsync());
    }

    [Fact]
    public async Task A_body_past_the_cap_is_413_with_or_without_a_length_and_stores_nothing()
    {
        await using var host = await StartAsync(maxBytes: 1024);
        var big = new string(' ', 2000);
        using var announced = await host.Http.PutAsync("api/drops/tally/big.json", Raw(big));
        var chunked = Raw(big);
        chunked.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Put, "api/drops/tally/big-chunked.json") { Content = new StreamContent(new NoLengthStream(Encoding.UTF8.GetBytes(big))) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var streamed = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, announced.StatusCode);
        Assert.Contains("at most 1,024 bytes", await announced.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Null(await host.Runtime.Services.Blobs.GetInfoAsync(new BlobRef("tally-requests", "big.json"), default));
        Assert.Null(await host.Runtime.Services.Blobs.GetInfoAsync(new BlobRef("tally-requests", "big-chunked.json"), default));
    }

    [Theory]
    [InlineData("api/drops/tally/sub/x.json", "path")]
    [InlineData("api/drops/tally/x.csv", "path")]
    [InlineData("api/drops/tally/%20x.json", "path")]
    [InlineData("api/drops/nope/x.json", "kind")]
    public async Task A_bad_kind_or_path_is_400_naming_the_field(string path, string field)
    {
        await using var host = await StartAsync(maxBytes: 1024);
        using var response = await host.Http.PutAsync(path, Raw("{}"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reader_may_not_upload_and_a_form_post_is_refused()
    {
        await using var host = await StartAsync(maxBytes: 1024);
        using var reader = host.ClientWith(TestKeys.ByRole[Role.Reader]);
        using var refused = await reader.PutAsync("api/drops/tally/r.json", Raw("{}"));
        using var text = await host.Http.PutAsync("api/drops/tally/t.json", new StringContent("{}", Encoding.UTF8, "text/plain"));
        using var json = await reader.PutAsync("api/drops/tally/j.json", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.True(json.StatusCode == HttpStatusCode.Forbidden, $"{json.StatusCode}: {await json.Content.ReadAsStringAsync()}");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    private Task<HostHarness> StartAsync(long maxBytes) =>
        // The watcher polls rarely here: these tests are about the route, and a watcher scan between an upload's write and its
        // start would race it for the run (both start it once; the loser answers AlreadyStarted).
        HostHarness.StartAsync(TestBackend.InMemory(), _ => [_tally], new HostSettings { WebConsole = new ConsoleSettings(MaxUploadBytes: maxBytes), DropPollInterval = TimeSpan.FromMinutes(10) });

    private static ByteArrayContent Raw(string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    /// <summary>A body sent chunked: the client cannot announce its length.</summary>
    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
