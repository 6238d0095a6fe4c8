using Tributary.Abstractions.Input;

namespace Tributary.Hpi.Input;

/// <summary>Decides what a bad row does: fail the read (collecting a capped list of errors) or count it and skip it.</summary>
internal sealed class RowErrorPolicy(bool skipInvalid, RejectLog rejects)
{
    private const int MaxErrorsReported = 100;
    private readonly List<InputError> _errors = [];

    public void Reject(RejectReason reason, InputError error)
    {
        if (skipInvalid)
        {
            rejects.Add(reason, error);
            return;
        }

        _errors.Add(error);
        if (_errors.Count >= MaxErrorsReported)
        {
            throw new InvalidInputException(_errors);
        }
    }

    /// <summary>Call at the end of a file: throws when any row failed and invalid rows are not skipped.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new InvalidInputException(_errors.ToList());
        }
    }
}
