using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tributary.Pipeline.Durable;

/// <summary>Rules every <see cref="IInstanceStore"/> applies to history: what one write may hold, its id, and how reads merge writes.</summary>
public static class HistoryBatch
{
    /// <summary>Records per write; far below what any store takes, and a fan-out wave rarely has more in flight.</summary>
    public const int MaxRecordsPerWrite = 256;

    /// <summary>
    /// Characters of results and failures per write. Cosmos caps a document at 2 MB and a result's JSON is stored as an
    /// escaped string, so this leaves room for escaping. A single larger record is still written, alone.
    /// </summary>
    public const int MaxCharsPerWrite = 768 * 1024;

    /// <summary>The instance all <paramref name="records"/> belong to; throws unless there is at least one and they share it.</summary>
    public static string InstanceOf(IReadOnlyList<ActivityRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            throw new ArgumentException("A history write needs at least one record.", nameof(records));
        }

        var instanceId = records[0].InstanceId;
        foreach (var record in records)
        {
            if (record.InstanceId != instanceId)
            {
                throw new ArgumentException(
                    $"A history write belongs to one instance: record #{record.Sequence} is of '{record.InstanceId}', not '{instanceId}'.", nameof(records));
            }
        }

        return instanceId;
    }

    /// <summary>
    /// Deterministic id of a write: the instance, its lowest sequence and a digest of all its sequences. Writing the same
    /// calls again overwrites; a write of other calls never replaces one that holds records it lacks.
    /// </summary>
    public static string DocumentId(IReadOnlyList<ActivityRecord> records)
    {
        var instanceId = InstanceOf(records);
        var sequences = records.Select(r => r.Sequence).Order().ToArray();
        var bytes = new byte[sequences.Length * sizeof(int)];
        for (var i = 0; i < sequences.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * sizeof(int)), sequences[i]);
        }

        return $"{instanceId}|{sequences[0]:D6}|{Convert.ToHexStringLower(SHA256.HashData(bytes), 0, 8)}";
    }

    /// <summary>The history of stored writes: one record per sequence (the one completed last), in sequence order.</summary>
    public static IReadOnlyList<ActivityRecord> Merge(IEnumerable<ActivityRecord> records) =>
        records
            .GroupBy(r => r.Sequence)
            .Select(g => g.Aggregate((kept, next) => Supersedes(next, kept) ? next : kept))
            .OrderBy(r => r.Sequence)
            .ToList();

    /// <summary>True when <paramref name="candidate"/> replaces <paramref name="kept"/> for the same sequence: it completed no earlier.</summary>
    public static bool Supersedes(ActivityRecord candidate, ActivityRecord kept) => candidate.CompletedAt >= kept.CompletedAt;
}
