using Tributary.Infra.Tests.Bicep;

namespace Tributary.Infra.Tests.Compilation;

/// <summary>The real bicep compiler builds and lints every infra file with no diagnostic at all.</summary>
[Collection(InfraCollection.Name)]
public sealed class BicepCompilationTests(InfraTemplates infra)
{
    [Theory]
    [InlineData("main.bicep")]
    [InlineData("main.dev.bicepparam")]
    [InlineData("main.prod.bicepparam")]
    public void Lint_reports_nothing(string file)
    {
        var result = BicepCli.Run("lint", Path.Combine(BicepCli.InfraDirectory, file));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Diagnostics);
    }

    [Fact]
    public void Build_of_main_bicep_with_each_parameter_file_reports_nothing()
    {
        Assert.Equal("", infra.DevBuild.Diagnostics);
        Assert.Equal("", infra.ProdBuild.Diagnostics);
        Assert.StartsWith("{", infra.CompiledJson.TrimStart());
    }

    [Fact]
    public void Parameter_files_select_their_environment_and_leave_the_webhook_key_empty()
    {
        Assert.Equal("dev", infra.DevParameters["environmentName"]!.GetValue<string>());
        Assert.Equal("prod", infra.ProdParameters["environmentName"]!.GetValue<string>());
        // Outside deploy.sh's second pass the key is empty, so no subscription points at an endpoint that is not there yet.
        Assert.Equal("", infra.DevParameters["blobsExtensionKey"]!.GetValue<string>());
        Assert.Equal("", infra.ProdParameters["blobsExtensionKey"]!.GetValue<string>());
    }

    // Control: the same compiler reports an error (exit 1) and a linter warning on stderr, so the
    // empty-diagnostics assertions above can fail.
    [Fact]
    public void Build_reports_errors_and_linter_warnings_of_a_broken_file()
    {
        var directory = Directory.CreateTempSubdirectory("tributary-bicep-");
        try
        {
            var file = Path.Combine(directory.FullName, "control.bicep");
            File.WriteAllText(file, "param unused string\nvar x = undefinedSymbol\noutput o int = x\n");

            var result = BicepCli.Run("build", file, "--stdout");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("BCP057", result.Diagnostics);
            Assert.Contains("no-unused-params", result.Diagnostics);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
