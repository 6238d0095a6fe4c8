using System.Text.Json;
using Tributary.Abstractions.Input;
using Tributary.Reconciliation.Breaks;

namespace Tributary.Reconciliation.Profiles;

/// <summary>
/// Reads a profile from JSON and validates it. Every problem is reported with the JSON path of the field
/// (e.g. <c>compare[2].tolerance.kind</c>), all at once, as an <see cref="InvalidInputException"/>.
/// </summary>
public static class ProfileLoader
{
    /// <summary>Largest profile file accepted; profiles are small hand-written documents.</summary>
    public const int MaxProfileBytes = 1 << 20;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Loads a built-in profile by name, or a user profile from a .json file path.</summary>
    public static ReconciliationProfile Resolve(string nameOrPath)
    {
        if (BuiltInProfiles.Names.Contains(nameOrPath, StringComparer.Ordinal))
        {
            return BuiltInProfiles.Get(nameOrPath);
        }

        if (!nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidInputException(new InputError(nameOrPath, 0, "profile",
                $"unknown profile; use one of {string.Join(", ", BuiltInProfiles.Names)} or a path to a .json file"));
        }

        var info = new FileInfo(nameOrPath);
        if (!info.Exists)
        {
            throw new FileNotFoundException("profile file not found", nameOrPath);
        }

        if (info.Length > MaxProfileBytes)
        {
            throw new InvalidInputException(new InputError(nameOrPath, 0, null, $"profile larger than {MaxProfileBytes} bytes"));
        }

        return Parse(File.ReadAllText(nameOrPath), nameOrPath);
    }

    /// <summary>Parses and validates profile JSON; <paramref name="source"/> names it in errors.</summary>
    public static ReconciliationProfile Parse(string json, string source)
    {
        ProfileDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ProfileDocument>(json, Options);
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? l + 1 : 0;
            throw new InvalidInputException(new InputError(source, line, e.Path, $"not a valid profile document: {e.Message}"));
        }

        if (document is null)
        {
            throw new InvalidInputException(new InputError(source, 0, null, "empty profile document"));
        }

        return new Validator(source, document, json).Build();
    }

    private sealed class Validator(string source, ProfileDocument doc, string json)
    {
        private readonly List<InputError> _errors = [];
        private readonly Dictionary<string, ProfileField> _fields = new(StringComparer.Ordinal);

        public ReconciliationProfile Build()
        {
            var name = Required(doc.Name, "name");
            var baseCurrency = Required(doc.BaseCurrency, "baseCurrency");
            ReadFields();

            var partition = FieldList(doc.PartitionKey ?? [], "partitionKey", bothSides: true, allowEmpty: true);
            var key = FieldList(doc.Key, "key", bothSides: true, allowEmpty: false);
            var secondary = ReadSecondary();
            var split = ReadSplit();
            var compare = ReadCompare();

            ProfileField? fx = null;
            if (doc.Valuation?.FxField is { } fxName)
            {
                fx = Field(fxName, "valuation.fxField", FieldType.Number);
            }

            var recordValue = doc.Valuation?.RecordValue is { } rv ? ReadImpact(rv, "valuation.recordValue") : Impact.None;
            var unmatchedLeft = BreakTypeName(doc.Unmatched?.Left ?? BreakTypeNames.Unmatched, "unmatched.left");
            var unmatchedRight = BreakTypeName(doc.Unmatched?.Right ?? BreakTypeNames.Unmatched, "unmatched.right");
            ProfileField? ageing = doc.AgeingDateField is { } a ? Field(a, "ageingDateField", FieldType.Date) : null;
            var severity = ReadSeverity();
            var serviceLevels = ReadServiceLevels();
            var suggestions = ReadSuggestions();

            if (_errors.Count > 0)
            {
                throw new InvalidInputException(_errors);
            }

            return new ReconciliationProfile
            {
                Name = name!,
                Description = doc.Description ?? "",
                BaseCurrency = baseCurrency!,
                Fields = _fields.Values.OrderBy(f => f.Index).ToList(),
                PartitionKey = partition,
                Key = key,
                SecondaryKey = secondary,
                Split = split,
                Compare = compare,
                FxField = fx,
                RecordValue = recordValue,
                UnmatchedLeftType = unmatchedLeft,
                UnmatchedRightType = unmatchedRight,
                AgeingDateField = ageing,
                Severity = severity,
                ServiceLevels = serviceLevels,
                Suggestions = suggestions,
                Json = json,
            };
        }

        private void Error(string path, string problem) => _errors.Add(new InputError(source, 0, path, problem));

        private string? Required(string? value, string path)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Error(path, "is required");
                return null;
            }

            return value;
        }

        private void ReadFields()
        {
            if (doc.Fields is null || doc.Fields.Count == 0)
            {
                Error("fields", "is required and must list at least one field");
                return;
            }

            if (doc.Fields.Count > 64)
            {
                Error("fields", "at most 64 fields");
                return;
            }

            for (var i = 0; i < doc.Fields.Count; i++)
            {
                var f = doc.Fields[i];
                var path = $"fields[{i}]";
                var name = Required(f.Name, path + ".name");
                FieldType? type = f.Type switch
                {
                    "text" => FieldType.Text,
                    "number" => FieldType.Number,
                    "date" => FieldType.Date,
                    _ => null,
                };
                if (type is null)
                {
                    Error(path + ".type", $"'{f.Type}' is not one of text, number, date");
                }

                if (f.Left is null && f.Right is null)
                {
                    Error(path, "needs a left or a right column");
                }

                if (name is not null && type is not null)
                {
                    if (!_fields.TryAdd(name, new ProfileField(_fields.Count, name, type.Value, f.Left, f.Right)))
                    {
                        Error(path + ".name", $"field '{name}' is defined twice");
                    }
                }
            }
        }

        private ProfileField? Field(string name, string path, FieldType? type = null, bool bothSides = false)
        {
            if (!_fields.TryGetValue(name, out var field))
            {
                Error(path, $"'{name}' is not a field of this profile");
                return null;
            }

            if (type is { } t && field.Type != t)
            {
                Error(path, $"'{name}' must be a {t.ToString().ToLowerInvariant()} field");
            }

            if (bothSides && (field.LeftColumn is null || field.RightColumn is null))
            {
                Error(path, $"'{name}' must have a column on both sides");
            }

            return field;
        }

        private List<ProfileField> FieldList(List<string>? names, string path, bool bothSides, bool allowEmpty)
        {
            if (names is null || (names.Count == 0 && !allowEmpty))
            {
                Error(path, "must list at least one field");
                return [];
            }

            if (names.Count > 6)
            {
                Error(path, "at most 6 fields");
            }

            var list = new List<ProfileField>();
            for (var i = 0; i < names.Count; i++)
            {
                if (Field(names[i], $"{path}[{i}]", bothSides: bothSides) is { } f)
                {
                    list.Add(f);
                }
            }

            return list;
        }

        private Tolerance ReadTolerance(ToleranceDocument? t, string path, FieldType fieldType)
        {
            if (t is null)
            {
                return fieldType == FieldType.Date ? new Tolerance(ToleranceKind.Days, 0) : Tolerance.Exact;
            }

            ToleranceKind? kind = t.Kind switch
            {
                "absolute" => ToleranceKind.Absolute,
                "relative" => ToleranceKind.Relative,
                "days" => ToleranceKind.Days,
                _ => null,
            };
            if (kind is null)
            {
                Error(path + ".kind", $"'{t.Kind}' is not one of absolute, relative, days");
                return Tolerance.Exact;
            }

            if (t.Value < 0)
            {
                Error(path + ".value", "must not be negative");
            }

            if (fieldType == FieldType.Text)
            {
                Error(path, "text fields compare exactly (after normalisation) and take no tolerance");
            }
            else if ((kind == ToleranceKind.Days) != (fieldType == FieldType.Date))
            {
                Error(path + ".kind", "days tolerances apply to date fields, absolute and relative ones to number fields");
            }

            return new Tolerance(kind.Value, t.Value);
        }

        private SecondaryKey? ReadSecondary()
        {
            if (doc.SecondaryKey is not { } s)
            {
                return null;
            }

            var fields = FieldList(s.Fields, "secondaryKey.fields", bothSides: true, allowEmpty: false);
            if (s.Tolerance is not { } t)
            {
                return new SecondaryKey(fields, null, Tolerance.Exact);
            }

            if (t.Field is null)
            {
                Error("secondaryKey.tolerance.field", "is required");
                return null;
            }

            var field = Field(t.Field, "secondaryKey.tolerance.field", bothSides: true);
            return field is null ? null : new SecondaryKey(fields, field, ReadTolerance(t, "secondaryKey.tolerance", field.Type));
        }

        private SplitRule? ReadSplit()
        {
            if (doc.Split is not { } s)
            {
                return null;
            }

            var fields = FieldList(s.Fields, "split.fields", bothSides: true, allowEmpty: false);
            var sum = FieldList(s.Sum, "split.sum", bothSides: true, allowEmpty: false);
            for (var i = 0; i < sum.Count; i++)
            {
                if (sum[i].Type != FieldType.Number)
                {
                    Error($"split.sum[{i}]", $"'{sum[i].Name}' must be a number field to be summed");
                }
            }

            return new SplitRule(fields, sum);
        }

        private List<CompareRule> ReadCompare()
        {
            var rules = new List<CompareRule>();
            var list = doc.Compare ?? [];
            for (var i = 0; i < list.Count; i++)
            {
                var c = list[i];
                var path = $"compare[{i}]";
                if (Required(c.Field, path + ".field") is not { } name || Field(name, path + ".field", bothSides: true) is not { } field)
                {
                    continue;
                }

                var tolerance = ReadTolerance(c.Tolerance, path + ".tolerance", field.Type);
                var breakType = BreakTypeName(c.BreakType, path + ".breakType");
                string? lower = c.WhenRightLower is null ? null : BreakTypeName(c.WhenRightLower, path + ".whenRightLower");
                string? higher = c.WhenRightHigher is null ? null : BreakTypeName(c.WhenRightHigher, path + ".whenRightHigher");
                if ((lower ?? higher) is not null && field.Type == FieldType.Text)
                {
                    Error(path, "directional break types need a number or date field");
                }

                var impact = c.Impact is null ? Impact.None : ReadImpact(c.Impact, path + ".impact");
                rules.Add(new CompareRule(field, tolerance, breakType, lower, higher, impact));
            }

            return rules;
        }

        private Impact ReadImpact(ImpactDocument d, string path)
        {
            var times = new List<int>();
            var names = d.Times ?? [];
            for (var i = 0; i < names.Count; i++)
            {
                if (Field(names[i], $"{path}.times[{i}]", FieldType.Number) is { } f)
                {
                    times.Add(f.Index);
                }
            }

            if (d.Scale is < 0)
            {
                Error(path + ".scale", "must not be negative");
            }

            return new Impact(times, d.Scale ?? 1m, d.ToBase ?? true);
        }

        private string BreakTypeName(string? value, string path)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Error(path, "is required");
                return "";
            }

            if (!value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                Error(path, $"'{value}' must be snake_case (a-z, 0-9, _)");
            }

            return value;
        }

        private SeverityRules ReadSeverity()
        {
            var def = Severity.Low;
            if (doc.Severity?.Default is { } d && !SeverityNames.TryParse(d, out def))
            {
                Error("severity.default", $"'{d}' is not one of low, medium, high, critical");
            }

            var rules = new List<SeverityRule>();
            var list = doc.Severity?.Rules ?? [];
            for (var i = 0; i < list.Count; i++)
            {
                var r = list[i];
                if (!SeverityNames.TryParse(r.Severity, out var severity))
                {
                    Error($"severity.rules[{i}].severity", $"'{r.Severity}' is not one of low, medium, high, critical");
                }

                if (r.MinImpact < 0)
                {
                    Error($"severity.rules[{i}].minImpact", "must not be negative");
                }

                rules.Add(new SeverityRule((r.BreakTypes ?? []).ToHashSet(StringComparer.Ordinal), r.MinImpact, severity));
            }

            return new SeverityRules(rules, def);
        }

        private Workbench.ServiceLevels ReadServiceLevels()
        {
            if (doc.Sla is not { } sla)
            {
                return Workbench.ServiceLevels.None;
            }

            var days = new Dictionary<Severity, int>();
            foreach (var (name, value) in sla)
            {
                if (!SeverityNames.TryParse(name, out var severity))
                {
                    Error($"sla.{name}", $"'{name}' is not one of low, medium, high, critical");
                }
                else if (value is < 0 or > Workbench.ServiceLevels.MaxDays)
                {
                    Error($"sla.{name}", $"must be between 0 and {Workbench.ServiceLevels.MaxDays} days");
                }
                else
                {
                    days[severity] = value;
                }
            }

            return new Workbench.ServiceLevels(days);
        }

        private Suggestions.SuggestionSettings ReadSuggestions()
        {
            var defaults = Suggestions.SuggestionSettings.Default;
            if (doc.Suggestions is not { } s)
            {
                return defaults;
            }

            var amount = s.Amount is { } a ? Field(a, "suggestions.amount", FieldType.Number, bothSides: true) : null;
            var date = s.Date is { } d ? Field(d, "suggestions.date", FieldType.Date, bothSides: true) : null;
            var window = s.DateWindowDays ?? defaults.DateWindowDays;
            if (window is < 0 or > Suggestions.SuggestionSettings.MaxDateWindowDays)
            {
                Error("suggestions.dateWindowDays", $"must be between 0 and {Suggestions.SuggestionSettings.MaxDateWindowDays}");
            }

            var parts = s.MaxParts ?? defaults.MaxParts;
            if (parts is < 2 or > Suggestions.SuggestionSettings.DefaultMaxParts)
            {
                Error("suggestions.maxParts", $"must be between 2 and {Suggestions.SuggestionSettings.DefaultMaxParts}");
            }

            return new Suggestions.SuggestionSettings(amount, date, window, parts, s.Enabled ?? true);
        }
    }
}
