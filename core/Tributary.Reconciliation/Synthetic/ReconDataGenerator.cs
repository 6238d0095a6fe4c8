using System.Globalization;
using System.Text;
using Tributary.Reconciliation.Breaks;
using Tributary.Reconciliation.Profiles;
using Tributary.Reconciliation.Records;

namespace Tributary.Reconciliation.Synthetic;

/// <summary>What the generator produced, in memory (values by field index per record).</summary>
public sealed record GeneratedData(
    ReconciliationProfile Profile, IReadOnlyList<object?[]> Left, IReadOnlyList<object?[]> Right, IReadOnlyList<ExpectedBreak> Expected)
{
    /// <summary>Planted near misses with their truth (empty unless a near-miss rate was given).</summary>
    public IReadOnlyList<ExpectedSuggestion> ExpectedSuggestions { get; init; } = [];
}

/// <summary>
/// Generates left and right files for a built-in profile with planted breaks of every type the profile knows, plus
/// the clean-but-hard cases the matcher must not report: re-keyed records (pass 2), splits (pass 3), keys differing only
/// in case and spacing, and differences exactly at tolerance. Seeded: the same arguments give byte-identical files.
/// </summary>
public static class ReconDataGenerator
{
    /// <summary>Largest count accepted.</summary>
    public const int MaxCount = 10_000_000;

    private enum Plant
    {
        Field,
        MissingRight,
        ExtraRight,
        DuplicateLeft,
        DuplicateRight,
    }

    private sealed record PlantKind(Plant Plant, CompareRule? Rule = null, string? BreakType = null);

    /// <summary>Largest near-miss rate accepted.</summary>
    public const double MaxNearMissRate = 0.2;

    /// <summary>
    /// Profiles with a synthetic domain: the built-in ones, and <c>payroll</c>, <c>marketplace</c>, <c>claims</c> and <c>subscriptions</c>, the example
    /// profiles of docs/examples (custom profiles the suggestion model was not fitted on).
    /// </summary>
    public static IReadOnlyList<string> Domains { get; } = [.. BuiltInProfiles.Names, "payroll", "marketplace", "claims", "subscriptions"];

    /// <summary>Generates <paramref name="count"/> left records and their counterparts.</summary>
    public static GeneratedData Generate(string profileName, int count, int seed, double breakRate) =>
        Generate(BuiltInProfiles.Get(profileName), count, seed, breakRate, 0);

    /// <summary>
    /// Generates for a profile with a synthetic domain (see <see cref="Domains"/>), planting near misses at
    /// <paramref name="nearMissRate"/> (0 leaves the files exactly as without).
    /// </summary>
    public static GeneratedData Generate(ReconciliationProfile profile, int count, int seed, double breakRate, double nearMissRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        if (breakRate is < 0 or > 0.5 || double.IsNaN(breakRate))
        {
            throw new ArgumentOutOfRangeException(nameof(breakRate), "break rate must be between 0 and 0.5");
        }

        if (nearMissRate is < 0 or > MaxNearMissRate || double.IsNaN(nearMissRate))
        {
            throw new ArgumentOutOfRangeException(nameof(nearMissRate), $"near-miss rate must be between 0 and {MaxNearMissRate}");
        }

        ISyntheticDomain domain = profile.Name switch
        {
            "trades" => new TradesDomain(profile),
            "positions" => new PositionsDomain(profile),
            "inventory" => new InventoryDomain(profile),
            "pos" => new PosDomain(profile),
            "payments" => new PaymentsDomain(profile),
            "payroll" => new PayrollDomain(profile),
            "marketplace" => new MarketplaceDomain(profile),
            "claims" => new ClaimsDomain(profile),
            "subscriptions" => new SubscriptionsDomain(profile),
            _ => throw new ArgumentException($"no synthetic domain for profile '{profile.Name}'; one of {string.Join(", ", Domains)}"),
        };
        INearMissDomain? nearMisses = profile.Name switch
        {
            "trades" => new TradesNearMisses(),
            "inventory" => new InventoryNearMisses(),
            "pos" => new PosNearMisses(),
            _ => domain as INearMissDomain,
        };
        var planter = nearMissRate > 0 && nearMisses is not null ? new NearMissPlanter(profile, domain, nearMisses) : null;
        var truth = new List<ExpectedSuggestion>();
        var kinds = PlantKinds(profile);
        var random = new Random(seed);
        var left = new List<object?[]>(count);
        var right = new List<object?[]>(count + count / 50);
        var expected = new List<ExpectedBreak>();
        var planted = 0;
        var extra = count;
        for (var i = 0; i < count; i++)
        {
            var row = domain.NewRow(i, random);
            var copy = (object?[])row.Clone();
            left.Add(row);
            // Plant the first records of a small file regardless of the rate, so every type is present.
            var plantHere = planted < kinds.Count && count - i <= kinds.Count - planted || random.NextDouble() < breakRate;
            if (plantHere)
            {
                var kind = kinds[planted++ % kinds.Count];
                switch (kind.Plant)
                {
                    case Plant.Field:
                        right.Add(copy);
                        expected.Add(PlantField(profile, kind, row, copy));
                        break;
                    case Plant.MissingRight:
                        expected.Add(Expect(profile, profile.UnmatchedLeftType, BreakSide.Left, row, "",
                            profile.RecordValue.Value(1m, f => Number(row, f), Fx(profile))));
                        break;
                    case Plant.ExtraRight:
                        right.Add(copy);
                        var orphan = domain.NewRow(extra++, random);
                        right.Add(orphan);
                        expected.Add(Expect(profile, profile.UnmatchedRightType, BreakSide.Right, orphan, "",
                            profile.RecordValue.Value(1m, f => RightNumber(profile, orphan, f), Fx(profile))));
                        break;
                    case Plant.DuplicateLeft:
                        right.Add(copy);
                        left.Add((object?[])row.Clone());
                        expected.Add(Expect(profile, BreakTypeNames.Duplicate, BreakSide.Left, row, "",
                            profile.RecordValue.Value(1m, f => Number(row, f), Fx(profile))));
                        break;
                    case Plant.DuplicateRight:
                        right.Add(copy);
                        right.Add((object?[])copy.Clone());
                        expected.Add(Expect(profile, BreakTypeNames.Duplicate, BreakSide.Right, copy, "",
                            profile.RecordValue.Value(1m, f => RightNumber(profile, copy, f), Fx(profile))));
                        break;
                }

                continue;
            }

            // Near misses: no pass matches them, a suggestion should (their draws happen only when planting).
            if (planter is not null && random.NextDouble() < nearMissRate)
            {
                planter.Plant(row, left, right, expected, truth, ref extra, random);
                continue;
            }

            // Clean variations a correct matcher absorbs without a break.
            var variation = random.NextDouble();
            if (variation < breakRate && domain.Split(copy, random) is { } parts)
            {
                right.AddRange(parts);
            }
            else if (variation < 2 * breakRate && domain.Rekey(copy, i))
            {
                right.Add(copy);
            }
            else if (variation < 3 * breakRate)
            {
                right.Add(KeyNoise(profile, copy));
            }
            else if (variation < 4 * breakRate)
            {
                right.Add(AtTolerance(profile, row, copy));
            }
            else
            {
                right.Add(copy);
            }
        }

        planter?.Finish(left, expected);
        return new GeneratedData(profile, left, right, expected) { ExpectedSuggestions = truth };
    }

    /// <summary>Generates and writes left.csv, right.csv and expected_breaks.csv into <paramref name="outDir"/>.</summary>
    public static GeneratedData WriteFiles(string profileName, int count, int seed, double breakRate, string outDir) =>
        WriteFiles(BuiltInProfiles.Get(profileName), count, seed, breakRate, 0, outDir);

    /// <summary>
    /// Generates and writes left.csv, right.csv and expected_breaks.csv, and with near misses expected_suggestions.csv
    /// (<c>kind,left_records,right_records,recipe</c>), into <paramref name="outDir"/>.
    /// </summary>
    public static GeneratedData WriteFiles(ReconciliationProfile profile, int count, int seed, double breakRate, double nearMissRate, string outDir)
    {
        var data = Generate(profile, count, seed, breakRate, nearMissRate);
        Directory.CreateDirectory(outDir);
        if (nearMissRate > 0)
        {
            using var truth = new StreamWriter(Path.Combine(outDir, "expected_suggestions.csv"), false, new UTF8Encoding(false)) { NewLine = "\n" };
            truth.WriteLine("kind,left_records,right_records,recipe");
            foreach (var e in data.ExpectedSuggestions)
            {
                truth.WriteLine($"{e.Kind},{NearMissPlanter.Records(e.LeftRecords)},{NearMissPlanter.Records(e.RightRecords)},{e.Recipe}");
            }
        }

        WriteSide(data.Profile, RecordSide.Left, data.Left, Path.Combine(outDir, "left.csv"));
        WriteSide(data.Profile, RecordSide.Right, data.Right, Path.Combine(outDir, "right.csv"));
        using var writer = new StreamWriter(Path.Combine(outDir, "expected_breaks.csv"), false, new UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine("profile,break_type,severity,side,key,field");
        foreach (var e in data.Expected)
        {
            writer.WriteLine(string.Join(',', new[] { e.Profile, e.BreakType, e.Severity, e.Side, e.Key, e.Field }.Select(Escape)));
        }

        return data;
    }

    private static List<PlantKind> PlantKinds(ReconciliationProfile profile)
    {
        var kinds = new List<PlantKind>();
        foreach (var rule in profile.Compare)
        {
            foreach (var type in rule.BreakTypes())
            {
                kinds.Add(new PlantKind(Plant.Field, rule, type));
            }
        }

        kinds.Add(new PlantKind(Plant.MissingRight));
        kinds.Add(new PlantKind(Plant.ExtraRight));
        kinds.Add(new PlantKind(Plant.DuplicateLeft));
        kinds.Add(new PlantKind(Plant.DuplicateRight));
        return kinds;
    }

    private static ExpectedBreak PlantField(ReconciliationProfile profile, PlantKind kind, object?[] left, object?[] right)
    {
        var rule = kind.Rule!;
        var f = rule.Field.Index;
        decimal magnitude;
        switch (rule.Field.Type)
        {
            case FieldType.Text:
                right[f] = (string)left[f]! + "X";
                magnitude = 1m;
                break;
            case FieldType.Date:
                right[f] = ((DateOnly)left[f]!).AddDays((int)rule.Tolerance.Value + 2);
                magnitude = rule.Tolerance.Value + 2;
                break;
            default:
            {
                var value = (decimal)left[f]!;
                var limit = rule.Tolerance.Kind == ToleranceKind.Relative ? rule.Tolerance.Value * Math.Abs(value) : rule.Tolerance.Value;
                // Keep the value's own precision (whole units stay whole) while clearing the tolerance.
                var scale = Math.Min((int)value.Scale, 6);
                var unit = 1m / (decimal)Math.Pow(10, scale);
                var delta = Math.Max(Math.Round(Math.Abs(value) * 0.05m, scale), Math.Round(limit, scale) + unit);
                if (kind.BreakType == rule.WhenRightLower)
                {
                    delta = Math.Min(delta, Math.Abs(value) - 1m) is var d && d > limit ? -d : -delta;
                }

                right[f] = value + delta;
                magnitude = delta;
                break;
            }
        }

        var impact = rule.Impact.Value(magnitude, x => Number(left, x), Fx(profile));
        return Expect(profile, kind.BreakType!, BreakSide.Both, left, rule.Field.Name, impact);
    }

    // Right key in lower case with padding and doubled inner spaces: normalisation must make it match.
    private static object?[] KeyNoise(ReconciliationProfile profile, object?[] right)
    {
        foreach (var field in profile.Key.Where(k => k.Type == FieldType.Text))
        {
            var value = (string)right[field.Index]!;
            right[field.Index] = "  " + value.ToLowerInvariant().Replace(" ", "   ", StringComparison.Ordinal) + " ";
        }

        return right;
    }

    // A compared number moved by exactly its tolerance: agrees, so no break.
    private static object?[] AtTolerance(ReconciliationProfile profile, object?[] left, object?[] right)
    {
        var rule = profile.Compare.FirstOrDefault(r => r.Field.Type == FieldType.Number && r.Tolerance.Value > 0);
        if (rule is null)
        {
            return right;
        }

        var value = (decimal)left[rule.Field.Index]!;
        right[rule.Field.Index] = value + (rule.Tolerance.Kind == ToleranceKind.Relative ? rule.Tolerance.Value * Math.Abs(value) : rule.Tolerance.Value);
        return right;
    }

    internal static ExpectedBreak Expect(ReconciliationProfile profile, string type, string side, object?[] row, string field, decimal impact) =>
        new(profile.Name, type, profile.Severity.Classify(type, impact).Name(), side, Key(profile, row), field);

    internal static int Fx(ReconciliationProfile profile) => profile.FxField?.Index ?? -1;

    internal static decimal Number(object?[] row, int field) => row[field] is decimal d ? d : 0m;

    // A right record is valued only with what the right file carries (scanner counts have no unit cost).
    internal static decimal RightNumber(ReconciliationProfile profile, object?[] row, int field) =>
        profile.Fields[field].RightColumn is not null ? Number(row, field) : field == Fx(profile) ? 1m : 0m;

    private static string Key(ReconciliationProfile profile, object?[] row)
    {
        var fields = new List<ProfileField>(profile.PartitionKey);
        var blank = profile.Key.Any(k => k.Type == FieldType.Text && ((string?)row[k.Index] ?? "").Length == 0);
        fields.AddRange(blank && profile.SecondaryKey is { } s ? s.Fields : profile.Key);
        return string.Join('|', fields.DistinctBy(f => f.Index).Select(f => Format(row[f.Index])));
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => (string)value,
    };

    private static void WriteSide(ReconciliationProfile profile, RecordSide side, IReadOnlyList<object?[]> rows, string path)
    {
        using var stream = File.Create(path);
        WriteSide(profile, side, rows, stream);
    }

    /// <summary>Writes one side as CSV with the profile's column names for that side (leaves the stream open).</summary>
    public static void WriteSide(ReconciliationProfile profile, RecordSide side, IReadOnlyList<object?[]> rows, Stream stream)
    {
        var fields = profile.Fields.Where(f => f.Column(side) is not null).ToArray();
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(string.Join(',', fields.Select(f => Escape(f.Column(side)!))));
        var line = new StringBuilder();
        foreach (var row in rows)
        {
            line.Clear();
            for (var i = 0; i < fields.Length; i++)
            {
                if (i > 0)
                {
                    line.Append(',');
                }

                line.Append(Escape(Format(row[fields[i].Index])));
            }

            writer.WriteLine(line);
        }
    }

    private static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
