using Tributary.Pipeline.Hpi;

namespace Tributary.Pipeline.Tests.Hpi;

public sealed class ReadAheadStreamTests
{
    [Fact]
    public void It_reads_every_byte_of_its_source_in_order_across_blocks_in_reads_of_any_size()
    {
        var data = new byte[(ReadAheadStream.BlockBytes * 3) + 12_345];
        new Random(3).NextBytes(data);
        using var stream = new ReadAheadStream(new TrickleStream(data), blocksAhead: 2);

        var read = new MemoryStream();
        var buffer = new byte[70_001];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            read.Write(buffer, 0, n);
        }

        Assert.Equal(data, read.ToArray());
        Assert.Equal(0, stream.Read(buffer, 0, buffer.Length));
    }

    [Fact]
    public void A_failure_of_its_source_is_thrown_to_the_reader()
    {
        using var stream = new ReadAheadStream(new TrickleStream(new byte[100], failAfter: 50));

        var read = new byte[1000];
        var error = Assert.Throws<IOException>(() =>
        {
            while (stream.Read(read, 0, read.Length) > 0)
            {
            }
        });

        Assert.Equal("connection reset", error.Message);
    }

    // A network-like source: short reads, and an optional failure part way.
    private sealed class TrickleStream(byte[] data, int? failAfter = null) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter)
            {
                throw new IOException("connection reset");
            }

            var n = Math.Min(Math.Min(count, 7_777), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
