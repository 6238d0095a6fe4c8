using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace Tributary.Hpi.Input;

/// <summary>Converts transactions.csv to transactions.parquet (codes and date as strings, price as double), streaming one
/// row group per CSV slice, for <c>hpi generate --parquet</c> and benchmarks. Rows are copied as they are, unchecked.</summary>
public static class ParquetTransactionWriter
{
    private static readonly DataField<string> Id = new("property_id"), Date = new("transaction_date"), Tract = new("census_tract"), Cbsa = new("cbsa_code");
    private static readonly DataField<double> Price = new("price");

    /// <summary>Writes <paramref name="parquetPath"/> from <paramref name="csvPath"/>. Returns the rows written.</summary>
    public static async Task<long> ConvertAsync(string csvPath, string parquetPath, CancellationToken cancel = default)
    {
        await using var input = File.OpenRead(csvPath);
        await using var output = File.Create(parquetPath);
        var chunks = new CsvChunks(input);
        var header = Encoding.UTF8.GetString(chunks.ReadHeader() ?? []).Split(',').Select(h => h.Trim()).ToList();
        var at = TransactionReader.Columns.Select(c => header.IndexOf(c)).ToArray();
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(Id, Date, Price, Tract, Cbsa), output, cancellationToken: cancel).ConfigureAwait(false);
        long rows = 0;
        while (chunks.Next() is { } slice)
        {
            var lines = Encoding.UTF8.GetString(slice.Bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            slice.Dispose();
            var fields = lines.Select(l => l.TrimEnd('\r').Split(',')).ToArray();
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(Id, fields.Select(f => f[at[0]]).ToArray()).ConfigureAwait(false);
            await group.WriteAsync(Date, fields.Select(f => f[at[1]]).ToArray()).ConfigureAwait(false);
            await group.WriteAsync<double>(Price, fields.Select(f => double.Parse(f[at[2]], CultureInfo.InvariantCulture)).ToArray(), cancellationToken: cancel).ConfigureAwait(false);
            await group.WriteAsync(Tract, fields.Select(f => f[at[3]]).ToArray()).ConfigureAwait(false);
            await group.WriteAsync(Cbsa, fields.Select(f => f[at[4]]).ToArray()).ConfigureAwait(false);
            rows += fields.Length;
        }

        return rows;
    }
}
