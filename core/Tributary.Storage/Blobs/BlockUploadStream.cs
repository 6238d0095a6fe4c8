using System.Buffers;
using System.Globalization;
using System.Text;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Tributary.Storage.Blobs;

/// <summary>
/// A write-only stream whose bytes become one block blob: they are copied once, into a pooled block buffer, and each full
/// buffer is staged as a block (Put Block, retried by the SDK's policy, which resends a
/// block from its buffer) while the next one fills. Nothing is visible until <see cref="CommitAsync"/> commits the block
/// list; a stream disposed without it leaves only uncommitted blocks, which storage discards. Replaces a pipe between the
/// writer and the SDK's own upload, which copied every byte once more (into the SDK's block buffer).
/// </summary>
internal sealed class BlockUploadStream(BlockBlobClient blob, int blockBytes, int blocksInFlight, CancellationToken cancellationToken) : Stream
{
    /// <summary>Azure's limit on the blocks of one blob.</summary>
    private const int MaxBlocks = 50_000;

    private readonly List<string> _blockIds = [];
    private readonly Queue<Task> _inFlight = new();
    private byte[]? _buffer;
    private int _filled;
    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancel = default)
    {
        // A block storage refused stops the writer at its next write, not only when its slot is needed.
        foreach (var staging in _inFlight)
        {
            if (staging.IsFaulted || staging.IsCanceled)
            {
                await staging.ConfigureAwait(false);
            }
        }

        while (!buffer.IsEmpty)
        {
            _buffer ??= ArrayPool<byte>.Shared.Rent(blockBytes);
            var take = Math.Min(buffer.Length, blockBytes - _filled);
            buffer.Span[..take].CopyTo(_buffer.AsSpan(_filled));
            _filled += take;
            _length += take;
            buffer = buffer[take..];
            if (_filled == blockBytes)
            {
                await StageFilledAsync().ConfigureAwait(false);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancel) =>
        WriteAsync(buffer.AsMemory(offset, count), cancel).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <summary>Nothing to do: a block is staged when full, and the blob appears only at <see cref="CommitAsync"/>.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancel) => Task.CompletedTask;

    /// <summary>Stages what is left, waits for every block and commits the list; returns the blob's ETag.</summary>
    public async Task<string> CommitAsync(IDictionary<string, string>? metadata)
    {
        if (_filled > 0)
        {
            await StageFilledAsync().ConfigureAwait(false);
        }

        while (_inFlight.TryDequeue(out var staging))
        {
            await staging.ConfigureAwait(false);
        }

        var committed = await blob.CommitBlockListAsync(_blockIds, new CommitBlockListOptions { Metadata = metadata }, cancellationToken).ConfigureAwait(false);
        return committed.Value.ETag.ToString();
    }

    public override async ValueTask DisposeAsync()
    {
        // Not committed (or committed already): let any block still being staged end, its error no longer matters.
        while (_inFlight.TryDequeue(out var staging))
        {
            try
            {
                await staging.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The writer's or the commit's failure is the one reported.
            }
        }

        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private async Task StageFilledAsync()
    {
        if (_blockIds.Count == MaxBlocks)
        {
            throw new InvalidOperationException($"A blob holds at most {MaxBlocks} blocks of {blockBytes} bytes.");
        }

        // Before a third buffer: the oldest block must be stored (its failure stops the writer here).
        if (_inFlight.Count == blocksInFlight)
        {
            await _inFlight.Dequeue().ConfigureAwait(false);
        }

        // Ids of one length, as the service requires, in order.
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes(_blockIds.Count.ToString("D8", CultureInfo.InvariantCulture)));
        _blockIds.Add(id);
        var block = _buffer!;
        var length = _filled;
        _buffer = null;
        _filled = 0;
        _inFlight.Enqueue(StageAsync(id, block, length));
    }

    private async Task StageAsync(string id, byte[] block, int length)
    {
        try
        {
            using var content = new MemoryStream(block, 0, length, writable: false);
            await blob.StageBlockAsync(id, content, options: null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }
}
