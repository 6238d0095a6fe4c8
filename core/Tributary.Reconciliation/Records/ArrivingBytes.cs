namespace Tributary.Reconciliation.Records;

/// <summary>
/// An input of known length that is still being written, front to back, into its one array (a download): the reader
/// parses the prefix that has arrived and waits for more only when it needs bytes past it.
/// </summary>
/// <remarks>
/// The writer calls <see cref="Arrived"/> after each read, then <see cref="Complete"/> once it has checked the input's end,
/// or <see cref="Fail"/>; the reader calls <see cref="WaitFor"/>. Publishing the count under a lock orders the array
/// writes before the reader's reads.
/// </remarks>
public sealed class ArrivingBytes(byte[] data)
{
    private readonly object _gate = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;
    private Exception? _failure;

    /// <summary>The whole input's array; only its first <see cref="WaitFor"/> bytes may be read.</summary>
    public byte[] Data => data;

    /// <summary>Completes when the writer has written and checked the whole input; faults with its failure.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Every byte arrived and the writer found nothing wrong (the input ended where expected).</summary>
    public void Complete()
    {
        if (_arrived != data.Length)
        {
            throw new InvalidOperationException($"{_arrived} of {data.Length} bytes arrived");
        }

        _completion.TrySetResult();
    }

    /// <summary>The first <paramref name="count"/> bytes of <see cref="Data"/> are written.</summary>
    public void Arrived(int count)
    {
        lock (_gate)
        {
            if (count > _arrived)
            {
                _arrived = Math.Min(count, data.Length);
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>The input will not be completed; a reader waiting or about to wait throws a wrapper of <paramref name="failure"/>.</summary>
    public void Fail(Exception failure)
    {
        lock (_gate)
        {
            _failure ??= failure;
            Monitor.PulseAll(_gate);
        }

        _completion.TrySetException(failure);
    }

    /// <summary>
    /// Blocks until at least <paramref name="end"/> bytes (at most the whole input) have arrived; returns how many have.
    /// Throws <see cref="InputNotArrivedException"/> when the writer failed before they did.
    /// </summary>
    public int WaitFor(int end)
    {
        end = Math.Min(end, data.Length);
        lock (_gate)
        {
            while (_arrived < end)
            {
                if (_failure is not null)
                {
                    throw new InputNotArrivedException(_failure);
                }

                Monitor.Wait(_gate);
            }

            return _arrived;
        }
    }
}

/// <summary>The parse of an <see cref="ArrivingBytes"/> stopped because its writer failed (the inner exception).</summary>
public sealed class InputNotArrivedException(Exception inner) : Exception("the input was not completely read", inner);
