using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Parquet;
using Parquet.Schema;
using Tributary.Generation.Batches;
using Tributary.Generation.Reference;

namespace Tributary.Generation.Output;

/// <summary>Writes customers.* and merchants.* (shared reference data of a run) to streams, in any output format.</summary>
public static class ReferenceDataWriter
{
    /// <summary>Customer file columns.</summary>
    public static IReadOnlyList<ColumnDefinition> CustomerColumns { get; } =
    [
        new("customer_id", "C + 8 digits"),
        new("segment", "student, young_professional, family, small_business or senior"),
        new("income_band", "low, lower_middle, middle, upper_middle or high"),
        new("age", "years"),
        new("home_city", "city of residence"),
        new("home_state", "state of residence"),
        new("risk_profile", "low, medium or high"),
        new("risk_score", "0-1"),
        new("spend_scale", "multiplier on a category's typical ticket"),
        new("daily_transactions", "expected payments per day"),
        new("peak_hour", "IST hour the customer usually pays in"),
        new("devices", "registered device ids, separated by '|'"),
    ];

    /// <summary>Merchant file columns.</summary>
    public static IReadOnlyList<ColumnDefinition> MerchantColumns { get; } =
    [
        new("merchant_id", "M + 7 digits"),
        new("category", "merchant category"),
        new("mcc", "ISO 18245 merchant category code"),
        new("city", "city of the shop (registered city for online merchants)"),
        new("state", "state of that city"),
        new("typical_ticket_inr", "typical payment in rupees"),
        new("is_online", "1 for online merchants and payee accounts"),
        new("risk_score", "0-1"),
        new("popularity", "0-1"),
        new("is_colluding", "1 for merchants in a collusion ring (ground truth, not a model feature)"),
        new("is_mule", "1 for money-mule payee accounts (ground truth, not a model feature)"),
    ];

    /// <summary>Writes customers.<c>ext</c> to <paramref name="output"/> (left open).</summary>
    public static Task<FileSummary> WriteCustomersAsync(ReferenceData reference, OutputFormat format, Stream output, CancellationToken cancel = default) =>
        WriteAsync($"customers.{format.Extension()}", CustomerColumns, reference.Customers.Select(CustomerRow), format, output, cancel);

    /// <summary>Writes merchants.<c>ext</c> to <paramref name="output"/> (left open).</summary>
    public static Task<FileSummary> WriteMerchantsAsync(ReferenceData reference, OutputFormat format, Stream output, CancellationToken cancel = default) =>
        WriteAsync($"merchants.{format.Extension()}", MerchantColumns, reference.Merchants.Select(MerchantRow), format, output, cancel);

    private static object[] CustomerRow(Customer c) =>
    [
        $"C{c.Id:D8}", CustomerSegments.All[c.Segment].Name, CustomerSegments.IncomeBands[c.IncomeBand], (int)c.Age,
        Cities.All[c.HomeCity].Name, Cities.All[c.HomeCity].State, CustomerSegments.RiskProfiles[c.RiskProfile],
        Math.Round((double)c.RiskScore, 3), Math.Round(c.SpendScale, 4), Math.Round(c.Activity, 4), (int)c.PeakHour,
        c.HasSecondDevice ? $"DV{c.PrimaryDevice}|DV{c.SecondaryDevice}" : $"DV{c.PrimaryDevice}",
    ];

    private static object[] MerchantRow(Merchant m) =>
    [
        $"M{m.Id:D7}", MerchantCategories.All[m.Category].Name, MerchantCategories.All[m.Category].Mcc,
        Cities.All[m.City].Name, Cities.All[m.City].State, m.TypicalTicketInr, m.IsOnline ? 1 : 0,
        Math.Round((double)m.RiskScore, 3), Math.Round((double)m.Popularity, 3), m.IsColluding ? 1 : 0, m.IsMule ? 1 : 0,
    ];

    private static async Task<FileSummary> WriteAsync(
        string name, IReadOnlyList<ColumnDefinition> columns, IEnumerable<object[]> rows, OutputFormat format, Stream output,
        CancellationToken cancel)
    {
        var table = rows.ToList();
        await using var hashing = new HashingStream(output);
        switch (format)
        {
            case OutputFormat.Csv:
            {
                await using var csv = CsvWriter.Create(hashing, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true);
                foreach (var column in columns)
                {
                    csv.WriteField(column.Name);
                }

                csv.EndRecord();
                foreach (var row in table)
                {
                    foreach (var value in row)
                    {
                        csv.WriteField(Convert.ToString(value, CultureInfo.InvariantCulture));
                    }

                    csv.EndRecord();
                }

                csv.Flush();
                break;
            }

            case OutputFormat.Jsonl:
            {
                await using var json = new Utf8JsonWriter(hashing);
                foreach (var row in table)
                {
                    json.WriteStartObject();
                    for (var i = 0; i < columns.Count; i++)
                    {
                        json.WritePropertyName(columns[i].Name);
                        JsonSerializer.Serialize(json, row[i], row[i].GetType());
                    }

                    json.WriteEndObject();
                    await json.FlushAsync(cancel).ConfigureAwait(false);
                    json.Reset();
                    hashing.Write("\n"u8);
                }

                break;
            }

            case OutputFormat.Parquet:
            {
                var fields = columns.Select((c, i) => (DataField)(table[0][i] switch
                {
                    int => new DataField<int>(c.Name, false),
                    double => new DataField<double>(c.Name, false),
                    _ => new DataField<string>(c.Name, false),
                })).ToArray();
                await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), hashing, cancellationToken: cancel).ConfigureAwait(false);
                using var group = writer.CreateRowGroup();
                for (var i = 0; i < fields.Length; i++)
                {
                    var index = i;
                    switch (table[0][i])
                    {
                        case int:
                            await group.WriteAsync(fields[i], new ReadOnlyMemory<int>(table.Select(r => (int)r[index]).ToArray()), cancellationToken: cancel).ConfigureAwait(false);
                            break;
                        case double:
                            await group.WriteAsync(fields[i], new ReadOnlyMemory<double>(table.Select(r => (double)r[index]).ToArray()), cancellationToken: cancel).ConfigureAwait(false);
                            break;
                        default:
                            await group.WriteAsync(fields[i], table.Select(r => (string)r[index]).ToArray()).ConfigureAwait(false);
                            break;
                    }
                }

                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }

        await hashing.FlushAsync(cancel).ConfigureAwait(false);
        return new FileSummary(name, table.Count, hashing.BytesWritten, hashing.Sha256Hex());
    }
}
