using Microsoft.Azure.Cosmos;
using Tributary.Storage.Cosmos;
using Tributary.Local.Emulators;

namespace Tributary.Storage.Tests;

/// <summary>One Azurite and one patched Cosmos server for the whole test run, on free loopback ports, stopped afterwards.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private int _databases;

    public LocalEmulators Emulators { get; private set; } = null!;

    public CosmosClient Cosmos { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulators = await LocalEmulators.StartAsync(new LocalEmulatorOptions { StartTimeout = TimeSpan.FromSeconds(90) });
        Cosmos = CosmosClientFactory.Create(Emulators.CosmosSettings);
    }

    /// <summary>A fresh database with every schema container, so tests never see each other's documents.</summary>
    public async Task<Database> NewDatabaseAsync(string purpose) =>
        await CosmosSchema.Embedded.EnsureCreatedAsync(Cosmos, $"{purpose}-{Interlocked.Increment(ref _databases)}");

    public async Task DisposeAsync()
    {
        Cosmos?.Dispose();
        if (Emulators is not null)
        {
            await Emulators.DisposeAsync();
        }
    }
}

/// <summary>Tests that share the emulators.</summary>
[CollectionDefinition(Name)]
public sealed class EmulatorCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "emulators";
}
