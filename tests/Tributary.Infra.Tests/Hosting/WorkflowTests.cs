using System.Text.RegularExpressions;
using Tributary.Infra.Tests.Bicep;

namespace Tributary.Infra.Tests.Hosting;

/// <summary>The GitHub workflow deploys with OIDC and lints with the same bicep version the tests use.</summary>
public sealed class WorkflowTests
{
    private static readonly string Workflow = File.ReadAllText(Path.Combine(BicepCli.RepositoryRoot, ".github", "workflows", "ci.yml"));

    [Fact]
    public void Deploy_logs_in_with_a_federated_token_and_stores_no_credential()
    {
        Assert.Contains("id-token: write", Workflow, StringComparison.Ordinal);
        Assert.Contains("uses: azure/login@", Workflow, StringComparison.Ordinal);
        // A service principal secret (creds: / client-secret) would be a stored credential; OIDC needs none.
        Assert.DoesNotMatch(@"(?im)^\s*(creds|client-secret|password)\s*:", Workflow);
        // Every value that identifies the Azure target is a reference, never a literal id.
        Assert.DoesNotMatch(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", Workflow);
    }

    [Fact]
    public void Workflow_lints_with_the_bicep_version_the_tests_download()
    {
        var version = Regex.Match(Workflow, @"BICEP_VERSION:\s*'([^']+)'").Groups[1].Value;
        var project = File.ReadAllText(Path.Combine(BicepCli.RepositoryRoot, "tests", "Tributary.Infra.Tests", "Tributary.Infra.Tests.csproj"));

        Assert.Contains($"<BicepVersion>{version}</BicepVersion>", project, StringComparison.Ordinal);
        Assert.Contains("lint", Workflow, StringComparison.Ordinal);
    }
}
