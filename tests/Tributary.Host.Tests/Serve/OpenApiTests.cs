using System.Net.Http.Json;
using System.Text.Json;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Tests.Serve;

/// <summary>The OpenAPI document says what the API really takes: its credentials, one spelling of break statuses, optional bodies.</summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task The_document_declares_both_credentials_the_break_status_wire_names_and_an_optional_start_body()
    {
        await using var host = await HostHarness.StartAsync(TestBackend.InMemory(), WorkloadCatalog.Create);

        var document = await host.Http.GetFromJsonAsync<JsonElement>("openapi/v1.json");

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal(("apiKey", "X-Api-Key", "header"), (schemes.GetProperty("ApiKey").GetProperty("type").GetString(),
            schemes.GetProperty("ApiKey").GetProperty("name").GetString(), schemes.GetProperty("ApiKey").GetProperty("in").GetString()));
        Assert.Equal(("http", "bearer"), (schemes.GetProperty("Bearer").GetProperty("type").GetString(), schemes.GetProperty("Bearer").GetProperty("scheme").GetString()));
        Assert.Equal(2, document.GetProperty("security").GetArrayLength());
        var status = document.GetProperty("components").GetProperty("schemas").GetProperty("BreakStatus");
        Assert.Equal(["open", "in_review", "resolved", "escalated", "closed"], status.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        var start = document.GetProperty("paths").GetProperty("/api/runs/{kind}").GetProperty("post").GetProperty("requestBody");
        Assert.False(start.TryGetProperty("required", out var required) && required.GetBoolean());
    }
}
