using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tributary.Pipeline.Reconciliation;
using Tributary.Pipeline.Workloads;

namespace Tributary.Host.Tests.Serve;

/// <summary>Bad requests get a 400 with a problem body that names the field and says what is allowed, over real HTTP.</summary>
public sealed class BadRequestTests
{
    [Fact]
    public async Task A_patch_with_a_misspelt_key_is_400_with_did_you_mean()
    {
        var backend = TestBackend.InMemory();
        await using var host = await HostHarness.StartAsync(backend, WorkloadCatalog.Create);
        await backend.Documents.UpsertAsync(ResultContainers.ReconBreaks, "rb", "b1",
            new ReconBreakDocument("b1", "rb", "trades", "unmatched", "high", "open", "left", "K1", "", "", "", "", 0m, "INR", "exact", 1, []), default);

        using var response = await host.Http.PatchAsync("api/recon/rb/breaks/b1", new StringContent("""{"statsu": "in_review"}""", Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unknown key `statsu`; did you mean `status`?", problem.GetProperty("errors").GetProperty("statsu")[0].GetString());
    }
}
