using Tributary.Abstractions.Input;
using Tributary.Pipeline.Ports;
using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Drops;

/// <summary>The files a folder drop must hold (<see cref="DropConvention.RequiredFiles"/>): which are missing, and a bounded wait for them.</summary>
public static class RequiredFiles
{
    /// <summary>The required files not present in the folder, in the convention's order.</summary>
    public static async Task<IReadOnlyList<string>> MissingAsync(IBlobStore blobs, BlobFolder folder, IReadOnlyList<string> required, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(required);
        var missing = new List<string>();
        foreach (var name in required)
        {
            if (await blobs.GetInfoAsync(folder.File(name), cancellationToken).ConfigureAwait(false) is null)
            {
                missing.Add(name);
            }
        }

        return missing;
    }

    /// <summary>
    /// Returns once every required file is in the folder; after <paramref name="bound"/> without them, throws an input error
    /// naming each missing file, so the run fails with a report (and a drop is quarantined) instead of waiting forever.
    /// </summary>
    /// <exception cref="InvalidInputException">Files are still missing after the bound.</exception>
    public static async Task WaitAsync(IBlobStore blobs, BlobFolder folder, IReadOnlyList<string> required, TimeSpan bound, TimeSpan poll, CancellationToken cancellationToken)
    {
        // Wall time: the wait is for uploads in the real world, whatever clock the pipeline's services use.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var missing = await MissingAsync(blobs, folder, required, cancellationToken).ConfigureAwait(false);
            if (missing.Count == 0)
            {
                return;
            }

            if (waited.Elapsed >= bound)
            {
                throw new InvalidInputException(missing
                    .Select(name => new InputError(folder.File(name).ToString(), 0, null, $"required file is missing (waited {bound.TotalSeconds:0} s for it)"))
                    .ToList());
            }

            var left = bound - waited.Elapsed;
            await Task.Delay(left <= TimeSpan.Zero ? TimeSpan.Zero : poll < left ? poll : left, cancellationToken).ConfigureAwait(false);
        }
    }
}
