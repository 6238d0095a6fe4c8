namespace Tributary.Storage.Emulators;

/// <summary>What <see cref="LocalEmulators"/> starts and where it keeps its data.</summary>
public sealed record LocalEmulatorOptions
{
    /// <summary>Start Azurite (blobs, queues, tables). Default true.</summary>
    public bool Storage { get; init; } = true;

    /// <summary>Start the patched Cosmos DB server (scripts/cosmos-server.js). Default true.</summary>
    public bool Cosmos { get; init; } = true;

    /// <summary>
    /// Keep Azurite's data in memory (default). Measured here: 200 small blob uploads/s in memory against 35-45/s on
    /// disk, where every write also updates its on-disk metadata database. Set false (with a
    /// <see cref="DataDirectory"/>) to keep blobs and queues on disk, e.g. to inspect them after a run.
    /// </summary>
    public bool StorageInMemory { get; init; } = true;

    /// <summary>
    /// Keep Cosmos connections alive (default true). False reproduces the shipped server's <c>Connection: close</c>;
    /// it exists only so the storage benchmark can show what keep-alive is worth.
    /// </summary>
    public bool CosmosKeepAlive { get; init; } = true;

    /// <summary>Parent folder for the emulators' data; a fresh temp folder, deleted on dispose, when null.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>How long each emulator may take to answer (npm ci, when needed, is not counted). Default 60 s.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where to report npm installs and startup; null for silence.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Repository root override; found by walking up from the executable when null.</summary>
    public string? RepositoryRoot { get; init; }
}
