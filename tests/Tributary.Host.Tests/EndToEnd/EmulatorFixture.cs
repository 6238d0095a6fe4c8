using Tributary.Local.Emulators;

namespace Tributary.Host.Tests.EndToEnd;

/// <summary>Azurite and the local Cosmos server, started once for the end-to-end tests and stopped after them.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public LocalEmulators Emulators { get; private set; } = null!;

    public async Task InitializeAsync() => Emulators = await LocalEmulators.StartAsync();

    public async Task DisposeAsync() => await Emulators.DisposeAsync();
}
