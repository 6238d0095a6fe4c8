using System.Globalization;
using Tributary.Reconciliation.Breaks;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;
using Tributary.Reconciliation.Runs;
using Tributary.Reconciliation.Suggestions;
using Tributary.Reconciliation.Synthetic;

namespace Tributary.Reconciliation.Tests.Suggestions;

public sealed class OutputContractTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("recon-suggest-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Suggestions_csv_has_the_named_columns_first_and_breaks_csv_appends_its_new_ones()
    {
        Assert.Equal(["suggestion_id", "kind", "left_records", "right_records", "break_ids", "confidence", "explanation", "would_match_if"],
            SuggestionCsvWriter.Columns.Take(8));
        Assert.Equal(["break_id", "profile", "break_type", "severity", "status", "side", "key", "field", "left_value", "right_value",
            "difference", "financial_impact", "currency", "match_pass", "left_record", "right_record"], BreakCsvWriter.Columns.Take(16));

        var result = Execute("payments", buckets: 2);
        Assert.Equal(string.Join(',', SuggestionCsvWriter.Columns), File.ReadLines(Path.Combine(_dir, "out", "suggestions.csv")).First());
        Assert.Equal(string.Join(',', BreakCsvWriter.Columns), File.ReadLines(Path.Combine(_dir, "out", "breaks.csv")).First());
        Assert.Equal(result.Suggestions.Count + 1, Csv(Path.Combine(_dir, "out", "suggestions.csv")).Count);
    }

    [Fact]
    public void Record_numbers_count_the_data_records_of_each_input_from_one_header_and_blank_lines_excluded()
    {
        ReconDataGenerator.WriteFiles(BuiltInProfiles.Get("payments"), 3000, 8, 0.02, 0.03, _dir);
        // A blank line is not a record: numbering must skip it as the reader does.
        var left = File.ReadAllLines(Path.Combine(_dir, "left.csv")).ToList();
        left.Insert(100, "");
        File.WriteAllLines(Path.Combine(_dir, "left.csv"), left);
        var profile = BuiltInProfiles.Get("payments");
        ReconciliationRun.Execute(profile, Path.Combine(_dir, "left.csv"), Path.Combine(_dir, "right.csv"), Path.Combine(_dir, "out"), 3);

        var leftRecords = Records(Path.Combine(_dir, "left.csv"));
        var rightRecords = Records(Path.Combine(_dir, "right.csv"));
        var breaks = Csv(Path.Combine(_dir, "out", "breaks.csv"));
        var byId = breaks.Skip(1).ToDictionary(b => b[0]);
        var unmatched = breaks.Skip(1).Where(b => b[13] == "unmatched").ToList();
        Assert.NotEmpty(unmatched);
        foreach (var b in unmatched)
        {
            // The break's own record, as the break reports it, is the row the number names.
            var (records, number, value) = b[14].Length > 0 ? (leftRecords, b[14], b[8]) : (rightRecords, b[15], b[9]);
            var row = records[int.Parse(number, CultureInfo.InvariantCulture) - 1];
            Assert.Contains($"amount={row["amount"]}", value);
            Assert.Contains($"reference={row.GetValueOrDefault("invoice_ref") ?? row["remittance_info"]}".ToUpperInvariant(), value.ToUpperInvariant());
        }

        var suggestions = Csv(Path.Combine(_dir, "out", "suggestions.csv")).Skip(1).ToList();
        Assert.NotEmpty(suggestions);
        foreach (var s in suggestions)
        {
            // The numbers a suggestion gives are the records of the breaks it would clear.
            var named = s[2].Split(';').Select(n => ("left", n)).Concat(s[3].Split(';').Select(n => ("right", n))).Order().ToList();
            var cleared = s[4].Split(';').Select(id => byId[id]).Select(b => b[14].Length > 0 ? ("left", b[14]) : ("right", b[15])).Order().ToList();
            Assert.Equal(named, cleared);
        }
    }

    [Fact]
    public void Suggestions_are_byte_identical_for_any_bucket_count()
    {
        Execute("pos", buckets: 1);
        var one = File.ReadAllBytes(Path.Combine(_dir, "out", "suggestions.csv"));
        var breaksOne = File.ReadAllBytes(Path.Combine(_dir, "out", "breaks.csv"));
        Execute("pos", buckets: 7, generate: false);
        Assert.Equal(one, File.ReadAllBytes(Path.Combine(_dir, "out", "suggestions.csv")));
        Assert.Equal(breaksOne, File.ReadAllBytes(Path.Combine(_dir, "out", "breaks.csv")));
        Assert.True(one.Length > 1000);
    }

    [Fact]
    public void The_summary_counts_suggestions_and_the_share_of_unmatched_value_they_would_clear()
    {
        var result = Execute("payments", buckets: 3);
        var s = result.Summary;
        var confident = result.Suggestions.Where(x => x.Confidence >= 0.5).ToList();
        Assert.Equal(result.Suggestions.Count, s.Suggestions);
        Assert.Equal(confident.Count, s.ConfidentSuggestions);
        Assert.Equal(result.Suggestions.GroupBy(x => x.Kind.Name()).ToDictionary(g => g.Key, g => (long)g.Count()), s.SuggestionsByKind);
        Assert.Equal(result.Breaks.Where(b => b.MatchPass == MatchPass.Unmatched).Sum(b => b.FinancialImpact), s.UnmatchedValue);
        Assert.Equal(confident.Sum(x => x.Value), s.SuggestedValue);
        Assert.InRange(s.SuggestedValueShare, 0.05, 1.0);
        var json = File.ReadAllText(Path.Combine(_dir, "out", "summary.json"));
        Assert.Contains("\"suggested_value_share\"", json);
        Assert.Contains("\"overdue_breaks\"", json);
    }

    private RunResult Execute(string profileName, int buckets, bool generate = true)
    {
        var profile = BuiltInProfiles.Get(profileName);
        if (generate)
        {
            ReconDataGenerator.WriteFiles(profile, 4000, 12, 0.02, 0.03, _dir);
        }

        return ReconciliationRun.Execute(profile, Path.Combine(_dir, "left.csv"), Path.Combine(_dir, "right.csv"), Path.Combine(_dir, "out"), buckets);
    }

    // Data records of an input as column → value maps, numbered from 1 (header and blank lines excluded).
    private static List<Dictionary<string, string>> Records(string path)
    {
        var rows = Csv(path);
        return rows.Skip(1).Select(r => rows[0].Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    private static List<string[]> Csv(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = CsvHelper.CsvReader.Create(stream, new CsvHelper.CsvReaderOptions { HasHeader = true, SkipEmptyLines = true });
        var rows = new List<string[]>();
        reader.ReadHeader();
        rows.Add([.. reader.Headers]);
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        }

        return rows;
    }
}
