using Tributary.Storage.Emulators;

namespace Tributary.Storage.Tests;

public sealed class EmulatorPackagesTests
{
    [Fact]
    public void The_repository_root_is_found_from_a_nested_folder()
    {
        var root = EmulatorPackages.Locate().Root;

        var fromNested = EmulatorPackages.Locate(Path.Combine(root, "core", "Tributary.Storage", "Emulators"));

        Assert.Equal(root, fromNested.Root);
        Assert.True(File.Exists(fromNested.CosmosLauncherScript));
        Assert.True(fromNested.Installed);
    }

    [Fact]
    public void A_folder_outside_any_repository_is_reported_with_the_override_to_use()
    {
        var outside = Directory.CreateTempSubdirectory("tributary-no-repo-").FullName;
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => EmulatorPackages.Locate(outside));

            Assert.Contains(outside, error.Message);
            Assert.Contains("TRIBUTARY_REPO_ROOT", error.Message);
        }
        finally
        {
            Directory.Delete(outside);
        }
    }
}
