namespace Tributary.Local.Emulators;

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
    /// Keep the Cosmos server's data in memory only (default). False (with a <see cref="DataDirectory"/>) journals every
    /// write to <c>DataDirectory/cosmos/journal</c>, fsynced before the write is acknowledged, and replays it on start.
    /// </summary>
    public bool CosmosInMemory { get; init; } = true;

    /// <summary>
    /// Journal size past which the Cosmos server compacts it into a snapshot (default null: the server's 64 MiB).
    /// Only tests set it small.
    /// </summary>
    public long? CosmosCompactBytes { get; init; }

    /// <summary>
    /// Journal size past which Azurite on disk saves a database whole and empties its journal (default null: the
    /// preload's 64 MiB, scripts/azurite-durable.js). Only tests set it small.
    /// </summary>
    public long? AzuriteCompactBytes { get; init; }

    /// <summary>
    /// Body length from which Azurite on disk writes a blob or block past the page cache (default null: the preload's
    /// 8 MiB, scripts/azurite-extent-writes.js; the environment's TRIBUTARY_AZURITE_DIRECT_MIN_BYTES also sets it).
    /// Tests set 0 (every body) or <see cref="long.MaxValue"/> (none).
    /// </summary>
    public long? AzuriteDirectMinBytes { get; init; }

    /// <summary>
    /// Which ports the emulators bind. <see cref="EmulatorPorts.Random"/> (default) is what tests need: they run in
    /// parallel and must never collide with a developer's running host.
    /// </summary>
    public EmulatorPorts Ports { get; init; } = EmulatorPorts.Random;

    /// <summary>When set, the started emulators' endpoints are written there (<see cref="LocalData.LocalEndpoints"/>).</summary>
    public string? EndpointsFile { get; init; }

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

/// <summary>How <see cref="LocalEmulators"/> chooses the emulators' loopback ports.</summary>
public enum EmulatorPorts
{
    /// <summary>Free ports chosen by the OS.</summary>
    Random,

    /// <summary>
    /// Azurite on 10000 (blob), 10001 (queue), 10002 (table) and Cosmos on 8081, the ports tools and connection strings
    /// expect, each only when free; a taken one is replaced by a free one (and logged).
    /// </summary>
    ConventionalIfFree,
}
