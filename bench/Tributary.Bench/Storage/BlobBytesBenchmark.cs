using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Spectre.Console;
using Tributary.Bench.Pipeline;
using Tributary.Local.Emulators;
using Tributary.Pipeline.Ports;
using Tributary.Storage.Blobs;

namespace Tributary.Bench.Storage;

/// <summary>
/// `blob-bytes`: what bytes cost Azurite, without a pipeline around them (issue 23). Streamed uploads in blocks, as a gen
/// batch is written (a non-seekable stream, the SDK's block upload), and many small single-shot uploads, as a plan stages
/// its partitions; for each, Azurite's own CPU seconds (user and system, from /proc) per GiB next to the wall time. A run's
/// CPU seconds depend on its length (the task hub polls by the clock); these depend only on the bytes, so they compare
/// emulator changes on a machine others share.
/// </summary>
public static class BlobBytesBenchmark
{
    public static Command Create()
    {
        var mib = new Option<int>("--mib") { Description = "MiB uploaded by streamed block uploads per round.", DefaultValueFactory = _ => 512 };
        var blobs = new Option<int>("--blobs") { Description = "Streamed blobs the MiB are split into.", DefaultValueFactory = _ => 16 };
        var blockMib = new Option<int>("--block-mib") { Description = "Block size of the streamed uploads (AzureBlobStore uses 4).", DefaultValueFactory = _ => 4 };
        var blocksInFlight = new Option<int>("--blocks-in-flight") { Description = "Blocks in flight per streamed upload (AzureBlobStore uses 2).", DefaultValueFactory = _ => 2 };
        var inFlight = new Option<int>("--in-flight") { Description = "Uploads at once.", DefaultValueFactory = _ => 6 };
        var small = new Option<int>("--small") { Description = "Small single-shot uploads per round (0 for none).", DefaultValueFactory = _ => 300 };
        var smallKib = new Option<int>("--small-kib") { Description = "Size of each small upload in KiB.", DefaultValueFactory = _ => 256 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of each measurement (the table shows each).", DefaultValueFactory = _ => 3 };
        var batchUpload = new Option<bool>("--batch-upload") { Description = "Also the gen batches' upload path (BatchUpload on AzureBlobStore): through a pipe into the SDK's upload, and blocks staged from the writer's buffer; compare the bench CPU column." };
        var emulatorData = new Option<string>("--emulator-data") { Description = "Azurite on disk (as `serve` keeps it) or in memory.", DefaultValueFactory = _ => "disk" };
        emulatorData.AcceptOnlyFromAmong("disk", "memory");
        var command = new Command("blob-bytes", "Azurite's CPU seconds per GiB for streamed block uploads and for small single-shot uploads.")
        {
            mib, blobs, blockMib, blocksInFlight, inFlight, small, smallKib, rounds, emulatorData, batchUpload,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var settings = new Settings(parse.GetValue(mib), parse.GetValue(blobs), parse.GetValue(blockMib), parse.GetValue(blocksInFlight), parse.GetValue(inFlight),
                parse.GetValue(small), parse.GetValue(smallKib), parse.GetValue(rounds), parse.GetValue(emulatorData) == "disk", parse.GetValue(batchUpload));
            if (settings is not { Mib: >= 1 and <= 65_536, Blobs: >= 1 and <= 10_000, BlockMib: >= 1 and <= 100, BlocksInFlight: >= 1 and <= 64, InFlight: >= 1 and <= 256, Small: >= 0 and <= 100_000, SmallKib: >= 1 and <= 65_536, Rounds: >= 1 and <= 100 })
            {
                Console.Error.WriteLine("Out of range: --mib 1..65536, --blobs 1..10000, --block-mib 1..100, --blocks-in-flight 1..64, --in-flight 1..256, --small 0..100000, --small-kib 1..65536, --rounds 1..100.");
                return 2;
            }

            await RunAsync(settings, cancel);
            return 0;
        });
        return command;
    }

    private sealed record Settings(int Mib, int Blobs, int BlockMib, int BlocksInFlight, int InFlight, int Small, int SmallKib, int Rounds, bool OnDisk, bool BatchUpload);

    private static async Task RunAsync(Settings settings, CancellationToken cancel)
    {
        var folder = Directory.CreateTempSubdirectory("tributary-bench-blob-bytes-").FullName;
        try
        {
            var options = settings.OnDisk
                ? new LocalEmulatorOptions { Cosmos = false, DataDirectory = folder, StorageInMemory = false }
                : new LocalEmulatorOptions { Cosmos = false };
            await using var emulators = await LocalEmulators.StartAsync(options, cancel);
            var azurite = emulators.ProcessIds.Single();
            var container = emulators.StorageSettings.CreateBlobServiceClient().GetBlobContainerClient("bytes");
            await container.CreateIfNotExistsAsync(cancellationToken: cancel);

            var text = Payload();
            var table = new Table().AddColumns("upload", "round", "MiB", "requests", "wall s", "MiB/s", "Azurite CPU s (user + sys)", "Azurite CPU s per GiB", "bench CPU s");
            var loadAtStart = ProcessCpu.LoadAverage();

            // One small round first: the bench's JIT and Azurite's own warm-up are not what is measured.
            await StreamedAsync(container, "warm", settings with { Mib = Math.Min(settings.Mib, 32) }, text, cancel);
            for (var round = 1; round <= settings.Rounds; round++)
            {
                var streamedBlocks = (long)settings.Blobs * (long)Math.Ceiling(settings.Mib / (double)settings.Blobs / settings.BlockMib);
                await RowAsync(table, $"streamed, {settings.BlockMib} MiB blocks × {settings.BlocksInFlight}", round, settings.Mib, streamedBlocks + settings.Blobs, azurite,
                    () => StreamedAsync(container, $"s{round}", settings, text, cancel));
                if (settings.BatchUpload)
                {
                    var store = new AzureBlobStore(emulators.StorageSettings.CreateBlobServiceClient());
                    await RowAsync(table, "BatchUpload, pipe → SDK upload", round, settings.Mib, streamedBlocks + settings.Blobs, azurite,
                        () => BatchesAsync(store, $"bp{round}", settings, text, (blob, write) => Tributary.Pipeline.Generation.BatchUpload.ThroughPipeAsync(store, blob, write, cancel)));
                    await RowAsync(table, "BatchUpload, blocks from the writer", round, settings.Mib, streamedBlocks + settings.Blobs, azurite,
                        () => BatchesAsync(store, $"bb{round}", settings, text, (blob, write) => Tributary.Pipeline.Generation.BatchUpload.WriteAsync(store, blob, write, cancel)));
                }

                if (settings.Small > 0)
                {
                    var mibSmall = settings.Small * (double)settings.SmallKib / 1024;
                    await RowAsync(table, $"single-shot, {settings.SmallKib} KiB each", round, mibSmall, settings.Small, azurite,
                        () => SmallAsync(container, $"p{round}", settings, text, cancel));
                }
            }

            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 180);
            AnsiConsole.Write(table);
            Console.WriteLine($"Azurite {(settings.OnDisk ? "on disk" : "in memory")}, {settings.InFlight} uploads at once; load average {loadAtStart:0.0} at start, {ProcessCpu.LoadAverage():0.0} at end ({Environment.ProcessorCount} cores)");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RowAsync(Table table, string upload, int round, double mib, long requests, int azurite, Func<Task> measure)
    {
        var (user, sys) = ProcessCpu.UserAndSystem(azurite);
        var bench = ProcessCpu.Self();
        var clock = Stopwatch.StartNew();
        await measure();
        var wall = clock.Elapsed.TotalSeconds;
        var (user2, sys2) = ProcessCpu.UserAndSystem(azurite);
        var cpu = user2 - user + (sys2 - sys);
        table.AddRow(upload, $"{round}", $"{mib:0}", $"{requests:N0}", $"{wall:0.00}", $"{mib / wall:0}", $"{cpu:0.00} ({user2 - user:0.00} + {sys2 - sys:0.00})",
            $"{cpu / (mib / 1024):0.00}", $"{ProcessCpu.Self() - bench:0.00}");
    }

    /// <summary>Blobs written through a non-seekable stream, so the SDK stages blocks and commits a block list, as BatchUpload does.</summary>
    private static Task StreamedAsync(BlobContainerClient container, string prefix, Settings settings, byte[] text, CancellationToken cancel)
    {
        var bytesPerBlob = (long)settings.Mib * (1 << 20) / settings.Blobs;
        var transfer = new StorageTransferOptions
        {
            InitialTransferSize = settings.BlockMib << 20, MaximumTransferSize = settings.BlockMib << 20, MaximumConcurrency = settings.BlocksInFlight,
        };
        return InParallelAsync(settings.Blobs, settings.InFlight, async i =>
        {
            await using var content = new TextStream(text, bytesPerBlob);
            await container.GetBlobClient($"{prefix}/{i:D5}.csv").UploadAsync(content, new BlobUploadOptions { TransferOptions = transfer }, cancel);
        });
    }

    /// <summary>Blobs written as gen writes a batch: a writer's 64 KiB writes into the store's streamed upload.</summary>
    private static Task BatchesAsync(AzureBlobStore store, string prefix, Settings settings, byte[] text, Func<BlobRef, Func<Stream, CancellationToken, Task<int>>, Task<int>> upload)
    {
        var bytesPerBlob = (long)settings.Mib * (1 << 20) / settings.Blobs;
        return InParallelAsync(settings.Blobs, settings.InFlight, i => upload(new BlobRef("bytes", $"{prefix}/{i:D5}.csv"), async (output, cancel) =>
        {
            var chunk = new byte[64 << 10];
            await using var content = new TextStream(text, bytesPerBlob);
            int n;
            while ((n = content.Read(chunk)) > 0)
            {
                await output.WriteAsync(chunk.AsMemory(0, n), cancel);
            }

            return 0;
        }));
    }

    /// <summary>Small blobs from memory: one Put Blob each, as a plan's staged partitions are written.</summary>
    private static Task SmallAsync(BlobContainerClient container, string prefix, Settings settings, byte[] text, CancellationToken cancel)
    {
        var bytes = text.AsMemory(0, Math.Min(text.Length, settings.SmallKib << 10));
        return InParallelAsync(settings.Small, settings.InFlight, async i =>
            await container.GetBlobClient($"{prefix}/{i:D6}.bin").UploadAsync(new BinaryData(bytes), overwrite: true, cancel));
    }

    private static async Task InParallelAsync(int count, int inFlight, Func<int, Task> one)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(count, inFlight)).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                await one(i);
            }
        }));
    }

    /// <summary>8 MiB of CSV-like text, cycled by <see cref="TextStream"/>.</summary>
    private static byte[] Payload()
    {
        var builder = new StringBuilder(8 << 20);
        var random = new Random(5);
        while (builder.Length < 8 << 20)
        {
            builder.Append("TX").Append(random.Next(100_000_000)).Append(",2026-12-07T08:").Append(random.Next(10, 59)).Append(",ACC").Append(random.Next(1_000_000))
                .Append(',').Append(random.Next(1_000_000) / 100.0).Append(",USD,card,merchant ").Append(random.Next(50_000)).Append('\n');
        }

        return Encoding.ASCII.GetBytes(builder.ToString(0, 8 << 20));
    }

    /// <summary>A forward-only stream of <c>length</c> bytes cycling through a payload (not seekable, like a pipe).</summary>
    private sealed class TextStream(byte[] payload, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(Math.Min(buffer.Length, length - _position), payload.Length - (_position % payload.Length));
            payload.AsSpan((int)(_position % payload.Length), n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
