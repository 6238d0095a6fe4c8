using Tributary.Generation.Batches;
using Tributary.Generation.Output;
using Tributary.Generation.Quality;

namespace Tributary.Generation.Tests.Quality;

public class QualityReportTests
{
    private static GenerationRunSpec Spec => RunFixtures.Spec(17, 36_000, 12_000, 0.03);

    [Theory]
    [InlineData(OutputFormat.Csv)]
    [InlineData(OutputFormat.Jsonl)]
    [InlineData(OutputFormat.Parquet)]
    public async Task A_freshly_generated_run_passes_every_check(OutputFormat format)
    {
        using var run = await TempRun.WriteAsync(Spec, format, features: false);

        var report = await new QualityInspector(run.Manifest).InspectRunAsync(run.Open);

        Assert.True(report.Passed, string.Join("\n", report.Failures));
        Assert.Equal(36_000, report.Run.Rows);
        Assert.Equal(3, report.Files.Count);
        Assert.Contains(report.Run.Checks, c => c.Name == "upi_share");
        Assert.Contains(report.Run.Checks, c => c.Name == "evening_share_18_22");
        Assert.Contains(report.Run.Checks, c => c.Name == "fraud_share:card_testing");
        Assert.Equal(24, report.Run.Hours.Count);
    }

    [Fact]
    public async Task A_corrupted_batch_is_flagged_with_the_checks_it_breaks_and_the_others_pass()
    {
        using var run = await TempRun.WriteAsync(Spec, OutputFormat.Csv, features: false);
        var path = run.Path("batch-00001.csv");
        var lines = File.ReadAllLines(path);
        var amount = Array.IndexOf(lines[0].Split(','), "amount_inr");
        var channel = Array.IndexOf(lines[0].Split(','), "channel");
        lines[10] = Replace(lines[10], amount, "-5.00");       // out of range
        lines[11] = Replace(lines[11], channel, "");            // null
        lines[12] = Replace(lines[12], 0, lines[13].Split(',')[0]); // duplicate id
        lines[14] = Replace(lines[14], channel, "bitcoin");     // invalid value
        File.WriteAllLines(path, lines);

        var report = await new QualityInspector(run.Manifest).InspectRunAsync(run.Open);

        Assert.False(report.Passed);
        var broken = report.Files.Single(f => f.Scope == "batch-00001.csv");
        var failed = broken.Checks.Where(c => !c.Passed).Select(c => c.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "sha256_matches_manifest", "out_of_range_values", "null_values", "duplicate_ids", "invalid_values" }, failed);
        Assert.Contains(broken.Examples, e => e.Contains("batch-00001.csv:11: field 'amount_inr'", StringComparison.Ordinal));
        Assert.All(report.Files.Where(f => f != broken), f => Assert.True(f.Passed));
    }

    [Fact]
    public async Task A_row_with_an_extra_or_a_missing_field_is_flagged_as_invalid_naming_file_line_and_count()
    {
        using var run = await TempRun.WriteAsync(Spec, OutputFormat.Csv, features: false);
        var path = run.Path("batch-00002.csv");
        var lines = File.ReadAllLines(path);
        var fields = lines[0].Split(',').Length;
        lines[5] += ",extra";
        lines[6] = lines[6][..lines[6].LastIndexOf(',')];
        File.WriteAllLines(path, lines);

        var report = await new QualityInspector(run.Manifest).InspectRunAsync(run.Open);

        var broken = report.Files.Single(f => f.Scope == "batch-00002.csv");
        Assert.Contains(broken.Checks, c => c.Name == "invalid_values" && !c.Passed);
        Assert.Contains($"batch-00002.csv:6: {fields + 1} fields, but the header has {fields}", broken.Examples);
        Assert.Contains($"batch-00002.csv:7: {fields - 1} fields, but the header has {fields}", broken.Examples);
    }

    [Fact]
    public async Task A_label_that_contradicts_its_type_and_a_missing_batch_are_flagged()
    {
        using var run = await TempRun.WriteAsync(Spec, OutputFormat.Csv, features: false);
        var path = run.Path("batch-00000.csv");
        var lines = File.ReadAllLines(path);
        var isFraud = Array.IndexOf(lines[0].Split(','), "is_fraud");
        var genuine = Array.FindIndex(lines, 1, l => l.Split(',')[isFraud] == "0");
        lines[genuine] = Replace(lines[genuine], isFraud, "1");
        File.WriteAllLines(path, lines);
        var partial = run.Manifest with { Batches = run.Manifest.Batches.Take(2).ToArray() };

        var report = await new QualityInspector(partial).InspectRunAsync(run.Open);

        Assert.Contains(report.Failures, c => c.Name == "label_mismatches" && c.Scope == "batch-00000.csv");
        Assert.Contains(report.Failures, c => c.Name == "batches_present");
    }

    [Fact]
    public async Task A_rate_far_from_the_configured_one_fails_its_check()
    {
        using var run = await TempRun.WriteAsync(Spec, OutputFormat.Csv, features: false);
        // The same files judged against a manifest that claims a 10% fraud rate.
        var claimed = run.Manifest with { FraudRate = 0.10 };

        var report = await new QualityInspector(claimed).InspectRunAsync(run.Open);

        Assert.Contains(report.Failures, c => c.Name == "fraud_rate" && c.Scope == "run");
        Assert.DoesNotContain(report.Failures, c => c.Name == "anomaly_rate");
    }

    private static string Replace(string line, int column, string value)
    {
        var fields = line.Split(',');
        fields[column] = value;
        return string.Join(',', fields);
    }
}
