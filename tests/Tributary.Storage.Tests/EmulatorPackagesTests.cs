using Tributary.Local.Emulators;

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
            var error = Assert.Throws<InvalidOperationException>(() => EmulatorPackages.Locate(outside, bundle: Path.Combine(outside, "no-bundle")));

            Assert.Contains(outside, error.Message);
            Assert.Contains("TRIBUTARY_REPO_ROOT", error.Message);
            Assert.Contains("dotnet pack functions/Tributary.Host", error.Message);
        }
        finally
        {
            Directory.Delete(outside);
        }
    }

    [Fact]
    public void Outside_a_checkout_the_tools_own_copy_of_the_pins_goes_to_a_cache_folder_where_they_install()
    {
        var repository = EmulatorPackages.Locate().Root;
        var outside = Directory.CreateTempSubdirectory("tributary-tool-").FullName;
        try
        {
            // What the tool carries beside its assembly (functions/Tributary.Host/Tributary.Host.csproj copies it there).
            var bundle = Path.Combine(outside, "tool", EmulatorPackages.BundleFolder);
            Directory.CreateDirectory(Path.Combine(bundle, "scripts"));
            foreach (var file in new[] { "package.json", "package-lock.json", "scripts/cosmos-server.js", "scripts/cosmos-journal.js", "scripts/cosmos-batch.js", "scripts/azurite-durable.js", "scripts/azurite-block-hash.js", "scripts/azurite-extent-writes.js", "scripts/azurite-lookups.js", "scripts/exit-with-parent.js" })
            {
                File.Copy(Path.Combine(repository, file), Path.Combine(bundle, file));
            }

            var cache = Path.Combine(outside, "cache");
            var packages = EmulatorPackages.Locate(Path.Combine(outside, "elsewhere"), bundle, cache);
            var again = EmulatorPackages.Locate(Path.Combine(outside, "elsewhere"), bundle, cache);

            Assert.StartsWith(Path.Combine(cache, "emulators") + Path.DirectorySeparatorChar, packages.Root);
            Assert.Equal(packages.Root, again.Root);
            Assert.True(File.Exists(packages.CosmosLauncherScript));
            Assert.True(File.Exists(Path.Combine(packages.Root, "scripts", "cosmos-journal.js")));
            Assert.Equal(File.ReadAllText(Path.Combine(repository, "package-lock.json")), File.ReadAllText(Path.Combine(packages.Root, "package-lock.json")));
            Assert.False(packages.Installed); // npm ci installs them there on first use (EnsureInstalledAsync)
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }
}
