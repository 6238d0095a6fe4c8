using System.Text.Json.Nodes;
using Tributary.Infra.Tests.Arm;

namespace Tributary.Infra.Tests.Bicep;

/// <summary>
/// main.bicep compiled once per test run, and expanded with the dev and prod parameter files (as bicep resolves them),
/// so every test class asserts on the same compiled output without paying for the compiler again.
/// </summary>
public sealed class InfraTemplates
{
    /// <summary>The placeholder webhook key used where a test needs the Event Grid subscriptions deployed.</summary>
    public const string SampleBlobsExtensionKey = "sample-key-for-tests";

    /// <summary>The sample Entra ID client id the parameter files read (deploy.sh exports the real one).</summary>
    public const string SampleEntraClientId = "11111111-2222-3333-4444-555555555555";

    public InfraTemplates()
    {
        // The .bicepparam files read it with readEnvironmentVariable, as they do when deploy.sh runs them.
        Environment.SetEnvironmentVariable("TRIBUTARY_ENTRA_CLIENT_ID", SampleEntraClientId);
        // build-params compiles main.bicep too (and runs the linter on both), so two runs give everything.
        (DevBuild, CompiledJson, DevParameters) = BuildParameters("main.dev.bicepparam");
        (ProdBuild, _, ProdParameters) = BuildParameters("main.prod.bicepparam");
        var template = JsonNode.Parse(CompiledJson)!.AsObject();
        Dev = CompiledTemplate.Expand(template, DevParameters);
        Prod = CompiledTemplate.Expand(template, ProdParameters);
        DevWithWebhookKey = CompiledTemplate.Expand(template, new Dictionary<string, JsonNode?>(DevParameters)
        {
            ["blobsExtensionKey"] = SampleBlobsExtensionKey,
        });
    }

    /// <summary>The result of `bicep build-params main.dev.bicepparam` (which compiles main.bicep).</summary>
    public BicepResult DevBuild { get; }

    /// <summary>The result of `bicep build-params main.prod.bicepparam`.</summary>
    public BicepResult ProdBuild { get; }

    /// <summary>The compiled ARM JSON text.</summary>
    public string CompiledJson { get; }

    public IReadOnlyDictionary<string, JsonNode?> DevParameters { get; }

    public IReadOnlyDictionary<string, JsonNode?> ProdParameters { get; }

    /// <summary>What deploy.sh's first pass deploys in dev (no webhook key yet).</summary>
    public CompiledTemplate Dev { get; }

    /// <summary>What deploy.sh's first pass deploys in prod.</summary>
    public CompiledTemplate Prod { get; }

    /// <summary>What deploy.sh's second pass deploys in dev (webhook key known).</summary>
    public CompiledTemplate DevWithWebhookKey { get; }

    /// <summary>Both environments, for assertions that hold everywhere.</summary>
    public IEnumerable<(string Environment, CompiledTemplate Template)> All =>
        [("dev", Dev), ("prod", Prod), ("dev+webhook", DevWithWebhookKey)];

    /// <summary>Compiles a .bicepparam file: the template it uses and the parameter values bicep resolves.</summary>
    public static (BicepResult Result, string TemplateJson, IReadOnlyDictionary<string, JsonNode?> Parameters) BuildParameters(string fileName)
    {
        var result = BicepCli.Run("build-params", Path.Combine(BicepCli.InfraDirectory, fileName), "--stdout");
        if (result.ExitCode != 0) throw new InvalidOperationException($"bicep build-params {fileName} failed: {result}");
        var output = JsonNode.Parse(result.StandardOutput)!;
        var parametersJson = output["parametersJson"]!.GetValue<string>();
        var parameters = JsonNode.Parse(parametersJson)!["parameters"]!.AsObject();
        var values = parameters.ToDictionary(p => p.Key, p => p.Value!["value"]?.DeepClone(), StringComparer.OrdinalIgnoreCase);
        return (result, output["templateJson"]!.GetValue<string>(), values);
    }
}

/// <summary>Shares one <see cref="InfraTemplates"/> across the test classes that assert on compiled output.</summary>
[CollectionDefinition(Name)]
public sealed class InfraCollection : ICollectionFixture<InfraTemplates>
{
    public const string Name = "compiled infra";
}
