using System.Buffers;
using System.Threading.Channels;

namespace Tributary.Pipeline.Hpi;

/// <summary>
/// A read-only stream that downloads ahead of its reader: a task reads the source in blocks into a bounded queue while the
/// reader is busy elsewhere. A blob download read synchronously by the spool otherwise stalls whenever the spool's thread
/// writes its temp files (the response waits in the socket's buffer), so the download and the parsing took turns.
/// </summary>
public sealed class ReadAheadStream : Stream
{
    /// <summary>Bytes of one block read from the source.</summary>
    public const int BlockBytes = 1 << 20;

    private readonly Channel<(byte[] Block, int Length)> _blocks;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _filling;
    private byte[]? _current;
    private int _offset;
    private int _length;
    private bool _end;
    private bool _disposed;

    /// <summary>Starts reading <paramref name="source"/> (owned: disposed with this stream), at most <paramref name="blocksAhead"/> blocks ahead.</summary>
    public ReadAheadStream(Stream source, int blocksAhead = 32)
    {
        ArgumentNullException.ThrowIfNull(source);
        _blocks = Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(blocksAhead) { SingleReader = true, SingleWriter = true });
        _filling = FillAsync(source, _stop.Token);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_offset == _length)
        {
            if (_end)
            {
                return 0;
            }

            Return();
            if (_blocks.Reader.TryRead(out var next))
            {
                (_current, _offset, _length) = (next.Block, 0, next.Length);
            }
            else
            {
                // False once every block was read; the source's failure, if any, is thrown here, on the reader's thread.
                _end = !_blocks.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        var n = Math.Min(buffer.Length, _length - _offset);
        _current!.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _stop.Cancel();
            ((IAsyncResult)_filling).AsyncWaitHandle.WaitOne();
            Return();
            while (_blocks.Reader.TryRead(out var left))
            {
                ArrayPool<byte>.Shared.Return(left.Block);
            }

            _stop.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task FillAsync(Stream source, CancellationToken stop)
    {
        await using (source)
        {
            try
            {
                while (true)
                {
                    var block = ArrayPool<byte>.Shared.Rent(BlockBytes);
                    var filled = 0;
                    int n;
                    while (filled < BlockBytes && (n = await source.ReadAsync(block.AsMemory(filled, BlockBytes - filled), stop).ConfigureAwait(false)) > 0)
                    {
                        filled += n;
                    }

                    if (filled == 0)
                    {
                        ArrayPool<byte>.Shared.Return(block);
                        break;
                    }

                    await _blocks.Writer.WriteAsync((block, filled), stop).ConfigureAwait(false);
                }

                _blocks.Writer.Complete();
            }
            catch (Exception e)
            {
                _blocks.Writer.Complete(e);
            }
        }
    }

    private void Return()
    {
        if (_current is not null)
        {
            ArrayPool<byte>.Shared.Return(_current);
            _current = null;
        }

        (_offset, _length) = (0, 0);
    }
}
