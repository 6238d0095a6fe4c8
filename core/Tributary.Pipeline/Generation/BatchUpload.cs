using System.IO.Pipelines;
using Tributary.Pipeline.Ports;

namespace Tributary.Pipeline.Generation;

/// <summary>
/// A generated batch streamed into its blob while it is generated, so generation and upload overlap and no batch is held
/// whole in memory (a 1M-row batch is about 150 MB of CSV): Azure Storage stages blocks straight from the writer's bytes
/// (<see cref="IBlobStore.WriteStreamedAsync"/>), other stores read a bounded pipe that the writer fills. The blob appears only when the upload commits, after the last byte: a failed or cancelled batch leaves no blob
/// (at most uncommitted blocks, which storage discards), so a retry writes it again from the start.
/// </summary>
public static class BatchUpload
{
    // Enough for the upload's blocks in flight (AzureBlobStore: 2 of 4 MiB) plus one being filled.
    private const long PauseWriterBytes = 16L << 20;
    private const long ResumeWriterBytes = 8L << 20;

    /// <summary>
    /// Runs <paramref name="write"/> into a stream whose bytes become <paramref name="blob"/>; returns what it returned. The
    /// token given to <paramref name="write"/> is also cancelled when the upload fails, so the writer stops early. The store
    /// decides how (<see cref="IBlobStore.WriteStreamedAsync"/>: Azure Storage stages blocks straight from the writer).
    /// </summary>
    public static Task<T> WriteAsync<T>(IBlobStore blobs, BlobRef blob, Func<Stream, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(write);
        return blobs.WriteStreamedAsync(blob, write, cancellationToken);
    }

    /// <summary>
    /// <see cref="IBlobStore.WriteStreamedAsync"/> for any store: the writer fills a bounded pipe that
    /// <see cref="IBlobStore.WriteAsync"/> drains as a non-seekable stream.
    /// </summary>
    public static async Task<T> ThroughPipeAsync<T>(IBlobStore blobs, BlobRef blob, Func<Stream, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(write);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PauseWriterBytes, resumeWriterThreshold: ResumeWriterBytes, useSynchronizationContext: false));
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writerFailed = false;
        Exception? uploadFailure = null;
        var upload = Task.Run(async () =>
        {
            await using var content = pipe.Reader.AsStream();
            try
            {
                return await blobs.WriteAsync(blob, content, abandon.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (!Volatile.Read(ref writerFailed))
            {
                // Failed on its own (storage refused it): stop the writer, which would otherwise generate for nothing. Its
                // next write throws this error (a reader completed with an error fails the writer's flushes).
                uploadFailure = error;
                await pipe.Reader.CompleteAsync(error).ConfigureAwait(false);
                await abandon.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }, CancellationToken.None);

        T result;
        var output = pipe.Writer.AsStream(leaveOpen: true);
        try
        {
            result = await write(output, abandon.Token).ConfigureAwait(false);
            await output.FlushAsync(abandon.Token).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            // Never end the stream normally here: the upload would commit a partial batch. It sees the failure instead.
            Volatile.Write(ref writerFailed, true);
            await abandon.CancelAsync().ConfigureAwait(false);
            await pipe.Writer.CompleteAsync(error).ConfigureAwait(false);
            try
            {
                await upload.ConfigureAwait(false);
            }
            catch (Exception) when (uploadFailure is null)
            {
                // The writer's failure is the one to report.
            }

            throw;
        }

        // The end of the stream: the upload commits the blob once it has stored the last block.
        await pipe.Writer.CompleteAsync().ConfigureAwait(false);
        await upload.ConfigureAwait(false);
        return result;
    }
}
