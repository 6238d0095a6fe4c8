using System.Globalization;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Runs;

/// <summary>
/// Runs newest first, for listings that page across the whole history. The Durable backends list instances by id, so this
/// keeps its own order: one empty blob per run in the <see cref="Container"/> container under `all/` and under
/// `kinds/{kind}/`, named by inverted creation ticks, so that a listing (name order) is newest first and pages with the
/// blob store's own continuation token. Written when a run starts (both hosts start through <see cref="RunService"/>); built
/// once from the task hub for runs older than the index (the `ready` blob marks it built), in the background when a host
/// starts (<see cref="BuildAsync"/>), while listings answer from the task hub; an entry whose run is gone is skipped and
/// removed when a listing meets it. An entry carries its run's status in its metadata once the run has ended (written at
/// the run's end, on terminate, by the build, and by a listing that finds an entry behind its run's state), so a status
/// filter skips finished runs of other statuses without reading their state. One instance per process, so that its
/// build runs once.
/// </summary>
public sealed class RunIndex(IBlobStore blobs)
{
    /// <summary>The index's container.</summary>
    public const string Container = "run-index";

    private const string All = "all/";
    private static readonly BlobRef Ready = new(Container, "ready");
    private readonly Lock _gate = new();
    private volatile bool _built;
    private Task? _building;

    /// <summary>The listing prefix of every run, or of one kind's runs.</summary>
    public static string Prefix(string? kind) => kind is null ? All : $"kinds/{kind}/";

    /// <summary>An entry of the index: the run it names, when it was created, and how it ended once the entry says so.</summary>
    /// <param name="Final">Completed, Failed or Terminated once recorded; null while the run is unfinished, or for an entry an older version wrote.</param>
    public readonly record struct Entry(string Kind, string RunId, DateTimeOffset CreatedAt, RuntimeStatus? Final = null);

    /// <summary>The entry a listed name and its metadata stand for, or null for a name this index did not write.</summary>
    public static Entry? Parse(string name, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return Parse(name) is { } entry ? entry with { Final = FinalOf(metadata) } : null;
    }

    /// <summary>The entry a listed name stands for, or null for a name this index did not write.</summary>
    public static Entry? Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = name.Split('/', 4);
        var (stamp, kind, runId) = parts switch
        {
            ["all", var s, var k, var r] => (s, k, r),
            ["kinds", var k, var s, var r] => (s, k, r),
            _ => (null, null, null),
        };
        return stamp is not null && long.TryParse(stamp, NumberStyles.None, CultureInfo.InvariantCulture, out var inverted)
            ? new Entry(kind!, runId!, new DateTimeOffset(DateTimeOffset.MaxValue.UtcTicks - inverted, TimeSpan.Zero))
            : null;
    }

    /// <summary>
    /// Records a run once: a run already recorded (its `ids/` entry exists) keeps its place, so a start, a repeated start and
    /// the first build of the index can all record it without making two entries.
    /// </summary>
    /// <param name="final">How the run ended, when it has (the build records runs that finished before the index existed).</param>
    public async Task RecordAsync(string kind, string runId, DateTimeOffset createdAt, CancellationToken cancellationToken, RuntimeStatus? final = null)
    {
        if (!_built)
        {
            await blobs.EnsureContainerAsync(Container, cancellationToken).ConfigureAwait(false);
        }

        var marker = Marker(kind, runId);
        if (await blobs.GetInfoAsync(marker, cancellationToken).ConfigureAwait(false) is { } recorded)
        {
            if (IsFinal(final) && FinalOf(recorded.Metadata) != final && recorded.Metadata.TryGetValue(StampKey, out var at))
            {
                await WriteAsync(kind, runId, at, final, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await WriteAsync(kind, runId, Stamp(createdAt), IsFinal(final) ? final : null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records how a run ended in its entries (a run's end, a terminate, a listing that found the entry behind the run's
    /// state); false when the run has no entries (never indexed, or purged), which stay absent.
    /// </summary>
    public async Task<bool> RecordFinalAsync(string kind, string runId, RuntimeStatus final, CancellationToken cancellationToken)
    {
        if (!IsFinal(final))
        {
            throw new ArgumentOutOfRangeException(nameof(final), final, "only a finished run's status is recorded");
        }

        if (await blobs.GetInfoAsync(Marker(kind, runId), cancellationToken).ConfigureAwait(false) is not { } recorded
            || !recorded.Metadata.TryGetValue(StampKey, out var stamp))
        {
            return false;
        }

        if (FinalOf(recorded.Metadata) != final)
        {
            await WriteAsync(kind, runId, stamp, final, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    // The entries are empty blobs: rewriting one with its metadata is one call, where a metadata merge is two.
    private async Task WriteAsync(string kind, string runId, string stamp, RuntimeStatus? final, CancellationToken cancellationToken)
    {
        var status = final is { } s ? new Dictionary<string, string> { [StatusKey] = s.ToString() } : null;
        foreach (var entry in EntriesOf(kind, runId, stamp))
        {
            await blobs.WriteAsync(entry, Stream.Null, cancellationToken, status is null ? null : new Dictionary<string, string>(status)).ConfigureAwait(false);
        }

        // Last: a marker always has its entries.
        var marker = new Dictionary<string, string> { [StampKey] = stamp };
        if (final is { } ended)
        {
            marker[StatusKey] = ended.ToString();
        }

        await blobs.WriteAsync(Marker(kind, runId), Stream.Null, cancellationToken, marker).ConfigureAwait(false);
    }

    private static bool IsFinal(RuntimeStatus? status) => status is RuntimeStatus.Completed or RuntimeStatus.Failed or RuntimeStatus.Terminated;

    // An entry's recorded end; anything else (no status, an older or unknown value) counts as not recorded.
    private static RuntimeStatus? FinalOf(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue(StatusKey, out var value) && Enum.TryParse<RuntimeStatus>(value, out var status) && IsFinal(status) ? status : null;

    /// <summary>Removes a run's entries (a purge, or a listing that met a run that is gone), and <paramref name="listed"/> too when given.</summary>
    public async Task RemoveAsync(string kind, string runId, CancellationToken cancellationToken, Entry? listed = null)
    {
        var marker = Marker(kind, runId);
        var stamps = new HashSet<string>(StringComparer.Ordinal);
        if (await blobs.GetInfoAsync(marker, cancellationToken).ConfigureAwait(false) is { } info && info.Metadata.TryGetValue(StampKey, out var recorded))
        {
            stamps.Add(recorded);
        }

        if (listed is { } entry)
        {
            stamps.Add(Stamp(entry.CreatedAt));
        }

        foreach (var blob in stamps.SelectMany(stamp => EntriesOf(kind, runId, stamp)))
        {
            await blobs.DeleteAsync(blob, cancellationToken).ConfigureAwait(false);
        }

        await blobs.DeleteAsync(marker, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes one entry only (a second entry of a run that two processes indexed at once), keeping the run's marker.</summary>
    public async Task RemoveEntryAsync(Entry entry, CancellationToken cancellationToken)
    {
        foreach (var blob in EntriesOf(entry.Kind, entry.RunId, Stamp(entry.CreatedAt)))
        {
            await blobs.DeleteAsync(blob, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One page of entries, newest first, from where the token left off.</summary>
    public Task<BlobNamePage> ListAsync(string? kind, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        blobs.ListNamesAsync(Container, Prefix(kind), pageSize, continuationToken, cancellationToken);

    /// <summary>True once the index holds every run of the task hub (its `ready` mark exists); remembered once true.</summary>
    public async Task<bool> IsBuiltAsync(CancellationToken cancellationToken)
    {
        if (!_built && await blobs.GetInfoAsync(Ready, cancellationToken).ConfigureAwait(false) is not null)
        {
            _built = true;
        }

        return _built;
    }

    /// <summary>
    /// Builds the index unless it is built or being built by this process: every caller (the host's start, a listing that
    /// found it unbuilt) shares one build, and a build that failed is started again by the next caller.
    /// </summary>
    public Task BuildAsync(IRunClient client, IEnumerable<string> kinds, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_building is null || _building.IsFaulted || _building.IsCanceled)
            {
                _building = EnsureBuiltAsync(client, kinds.ToList(), cancellationToken);
            }

            return _building;
        }
    }

    /// <summary>Builds the index from the task hub once (runs started before it existed); later calls only check the mark.</summary>
    public async Task EnsureBuiltAsync(IRunClient client, IEnumerable<string> kinds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(kinds);
        if (await TryMarkBuiltAsync(client, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await RecordExistingAsync(client, kinds, cancellationToken).ConfigureAwait(false);
        await blobs.WriteAsync(Ready, Stream.Null, cancellationToken).ConfigureAwait(false);
        _built = true;
    }

    /// <summary>
    /// True when the index is built or needs no build: a brand-new hub (no instance at all) is marked built at once, since
    /// every run from now on is recorded as it starts. False when runs older than the index must be read (<see cref="BuildAsync"/>).
    /// </summary>
    public async Task<bool> TryMarkBuiltAsync(IRunClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await IsBuiltAsync(cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        await blobs.EnsureContainerAsync(Container, cancellationToken).ConfigureAwait(false);
        var any = await client.QueryAsync(new RunQuery(PageSize: 1, WithInputsAndOutputs: false), cancellationToken).ConfigureAwait(false);
        if (any.Runs.Count > 0 || any.ContinuationToken is not null)
        {
            return false;
        }

        await blobs.WriteAsync(Ready, Stream.Null, cancellationToken).ConfigureAwait(false);
        _built = true;
        return true;
    }

    private async Task RecordExistingAsync(IRunClient client, IEnumerable<string> kinds, CancellationToken cancellationToken)
    {
        // On Azurite (one Node process on a shared machine) a blob call costs about as much as the machine is busy: the
        // build makes as few as it can. The runs already recorded are listed once (a few calls for thousands of markers)
        // instead of asked about one by one, so a run costs its three writes, many in flight. Only runs so new that their
        // start may be recording them right now are asked about, as a start does.
        var since = TimeProvider.System.GetUtcNow() - RunListing.StartGrace;
        var recorded = await RecordedAsync(cancellationToken).ConfigureAwait(false);
        await using var writes = new BoundedWrites(BuildInFlight);
        foreach (var kind in kinds)
        {
            string? token = null;
            do
            {
                var page = await client.QueryAsync(new RunQuery(PageSize: QueryPage, ContinuationToken: token, IdPrefix: RunIds.KindPrefix(kind), WithInputsAndOutputs: false), cancellationToken)
                    .ConfigureAwait(false);
                foreach (var run in page.Runs)
                {
                    var (runKind, runId, createdAt, status) = (kind, RunIds.RunIdOf(kind, run.Id), run.CreatedAt, IsFinal(run.Status) ? run.Status : (RuntimeStatus?)null);
                    if (recorded.TryGetValue($"{kind}/{runId}", out var final))
                    {
                        if (status is not null && final != status)
                        {
                            await writes.AddAsync(() => RecordFinalAsync(runKind, runId, status.Value, cancellationToken)).ConfigureAwait(false);
                        }
                    }
                    else if (createdAt >= since)
                    {
                        await writes.AddAsync(() => RecordAsync(runKind, runId, createdAt, cancellationToken, status)).ConfigureAwait(false);
                    }
                    else
                    {
                        await writes.AddAsync(() => WriteAsync(runKind, runId, Stamp(createdAt), status, cancellationToken)).ConfigureAwait(false);
                    }
                }

                token = page.ContinuationToken;
            }
            while (token is not null);
        }

        await writes.DrainAsync().ConfigureAwait(false);
    }

    // Every run that has a marker (`ids/{kind}/{runId}`), with the end its marker records.
    private async Task<Dictionary<string, RuntimeStatus?>> RecordedAsync(CancellationToken cancellationToken)
    {
        var recorded = new Dictionary<string, RuntimeStatus?>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await blobs.ListNamesAsync(Container, Ids, MarkerPage, token, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < page.Names.Count; i++)
            {
                recorded[page.Names[i][Ids.Length..]] = FinalOf(page.MetadataAt(i));
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
        return recorded;
    }

    private const string Ids = "ids/";

    // Markers listed at once while building (Blob Storage's most per listing call).
    private const int MarkerPage = 5000;

    // Runs read from the task hub at once while building.
    private const int QueryPage = 1000;

    private const string StampKey = "stamp";

    // The metadata name of a finished run's status, on its entries and its marker.
    private const string StatusKey = "status";

    // Runs recorded at once while the index is first built.
    private const int BuildInFlight = 32;

    private static BlobRef Marker(string kind, string runId) => new(Container, $"{Ids}{kind}/{runId}");

    private static string Stamp(DateTimeOffset createdAt) =>
        (DateTimeOffset.MaxValue.UtcTicks - createdAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    private static BlobRef[] EntriesOf(string kind, string runId, string stamp) =>
        [new(Container, $"{All}{stamp}/{kind}/{runId}"), new(Container, $"{Prefix(kind)}{stamp}/{runId}")];
}
