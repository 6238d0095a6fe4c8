using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tributary.Forecast.Feedback;
using Tributary.Forecast.Input;
using Tributary.Forecast.Recommendations;
using Tributary.Host.Cli;

namespace Tributary.Host.Forecast;

/// <summary><c>forecast feedback</c>: what actually happened on recommended days, accuracy KPIs, and the history to retrain on.</summary>
public static class FeedbackVerb
{
    /// <summary>Builds the verb.</summary>
    public static Command Create()
    {
        var outDir = new Option<DirectoryInfo>("--out") { Description = "The directory `recommend` wrote (recommendations.csv, models.json); feedback.csv and accuracy.csv go there too.", Required = true };
        var actuals = new Option<FileInfo>("--actuals") { Description = "What happened, in the sales.csv schema: date,market,vendor,product,units_sold,units_brought,price.", Required = true };
        var sales = new Option<FileInfo?>("--sales") { Description = "Optional history the recommendations were trained on: writes DIR/history.csv = history + actuals, to retrain with `recommend --sales DIR/history.csv --out DIR`." };
        var command = new Command("feedback", "Record actual units sold (and brought) for recommended days: per recommendation the variance "
            + "(recommended vs brought vs sold, sold out?) in feedback.csv; accuracy per month, model version and vendor in accuracy.csv "
            + "(share within ±20%, MAPE, bias on days that did not sell out; sell-out rate; waste). Retrain with the merged history and the next "
            + "model version appears in models.json, so accuracy.csv shows whether accuracy improves.\n\nExample:\n"
            + "  tributary forecast feedback --out out --actuals week23.csv --sales sales.csv\n"
            + "  tributary forecast recommend --sales out/history.csv --weather weather.csv --dates 2027-06-19 --out out")
        {
            outDir, actuals, sales,
        };
        command.SetAction(CliAction.Run((parse, _) =>
        {
            var dir = parse.GetValue(outDir)!.FullName;
            var issuedPath = Path.Combine(dir, RecommendationWriter.FileName);
            if (!File.Exists(issuedPath))
            {
                throw new FileNotFoundException($"{issuedPath} (run `forecast recommend --out {dir}` first)", issuedPath);
            }

            var issued = IssuedRecommendations.Read(issuedPath);
            var actual = SalesReader.Read(parse.GetValue(actuals)!.FullName);
            var outcome = FeedbackLedger.Record(dir, issued, actual);
            string? history = null;
            if (parse.GetValue(sales) is { } s)
            {
                history = Path.Combine(dir, "history.csv");
                SalesWriter.Write(history, FeedbackLedger.Merge(SalesReader.Read(s.FullName), actual));
            }

            var inv = CultureInfo.InvariantCulture;
            var table = new Table().AddColumns("period", "vendor", "model", "days", "within ±20%", "MAPE", "bias", "sold out", "waste");
            foreach (var k in outcome.Kpis.Where(k => k.Vendor == AccuracyKpis.AllVendors))
            {
                table.AddRow(k.Period, Markup.Escape(k.Vendor), k.ModelVersion.ToString(inv), k.Days.ToString("N0", inv), k.WithinShare.ToString("P1", inv),
                    k.Mape.ToString("P1", inv), k.Bias.ToString("+0.0%;-0.0%", inv), k.SelloutRate.ToString("P1", inv), k.WasteRate.ToString("P1", inv));
            }

            CliAction.Progress.Write(table);
            CliAction.Progress.MarkupLine(Markup.Escape($"recorded {outcome.Added.Count:N0} days; actual days without a recommendation: {outcome.Unmatched:N0}; "
                + $"recommendations still without actuals: {outcome.Pending:N0}; per-vendor KPIs in {Path.Combine(dir, FeedbackLedger.AccuracyFileName)}"));
            if (history is not null)
            {
                CliAction.Progress.MarkupLine(Markup.Escape($"retrain: tributary forecast recommend --sales {history} --dates ... --out {dir}"));
            }

            return Task.FromResult(0);
        }));
        return command;
    }
}
