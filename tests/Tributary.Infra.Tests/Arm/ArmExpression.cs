using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Tributary.Infra.Tests.Arm;

/// <summary>
/// Evaluates the subset of ARM template expressions that `bicep build` emits, so tests can assert on the values a
/// deployment would create (names, partition keys, role ids) instead of on expression text.
/// Anything only Azure knows at deploy time (reference(), uniqueString(), guid(), the subscription id) becomes an
/// opaque value written «like this», which keeps its arguments readable for assertions.
/// </summary>
public static class ArmExpression
{
    /// <summary>True when a JSON string is an expression ("[...]" but not the "[[" escape).</summary>
    public static bool IsExpression(string text) =>
        text.Length >= 2 && text[0] == '[' && text[^1] == ']' && text[1] != '[';

    /// <summary>Evaluates one expression string (with its brackets) in a scope.</summary>
    public static JsonNode? Evaluate(string text, ArmScope scope)
    {
        var parser = new Parser(text[1..^1], scope);
        var value = parser.ParseExpression();
        parser.ExpectEnd();
        return value;
    }

    /// <summary>True when a value is opaque (known only at deploy time).</summary>
    public static bool IsOpaque(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && s.StartsWith('«') && s.EndsWith('»');

    internal static JsonNode Opaque(string text) => JsonValue.Create($"«{text}»");

    private static string Inner(string opaque) => opaque[1..^1];

    /// <summary>How a value appears inside an opaque value's text or a format() result.</summary>
    internal static string Render(JsonNode? node, bool quoteStrings) => node switch
    {
        null => "null",
        JsonValue v when v.TryGetValue<string>(out var s) =>
            IsOpaque(v) ? Inner(s) : quoteStrings ? $"'{s}'" : s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v => v.ToJsonString(),
        _ => node.ToJsonString(),
    };

    private sealed class Parser(string text, ArmScope scope)
    {
        private int _pos;

        public void ExpectEnd()
        {
            SkipSpace();
            if (_pos != text.Length) throw Error("unexpected trailing text");
        }

        public JsonNode? ParseExpression()
        {
            var value = ParsePrimary();
            while (true)
            {
                SkipSpace();
                if (TryTake('.'))
                {
                    var member = ParseIdentifier();
                    value = Member(value, member);
                }
                else if (TryTake('['))
                {
                    var index = ParseExpression();
                    SkipSpace();
                    Expect(']');
                    value = Index(value, index);
                }
                else
                {
                    return value;
                }
            }
        }

        private JsonNode? ParsePrimary()
        {
            SkipSpace();
            if (_pos >= text.Length) throw Error("unexpected end");
            var c = text[_pos];
            if (c == '\'') return JsonValue.Create(ParseString());
            if (char.IsDigit(c) || c == '-') return ParseNumber();
            var name = ParseIdentifier();
            if (name is "true" or "false") return JsonValue.Create(name == "true");
            if (name == "null") return null;
            SkipSpace();
            Expect('(');
            var args = new List<JsonNode?>();
            SkipSpace();
            if (!TryTake(')'))
            {
                do
                {
                    args.Add(ParseExpression());
                    SkipSpace();
                }
                while (TryTake(','));
                Expect(')');
            }
            return ArmFunctions.Call(name, args, scope);
        }

        private static JsonNode? Member(JsonNode? target, string member) => target switch
        {
            _ when IsOpaque(target) => Opaque($"{Render(target, true)}.{member}"),
            JsonObject o => o.TryGetPropertyValue(member, out var v)
                ? v?.DeepClone()
                : throw new InvalidOperationException($"no property '{member}' in {o.ToJsonString()}"),
            _ => throw new InvalidOperationException($"cannot read '{member}' of {target?.ToJsonString() ?? "null"}"),
        };

        private static JsonNode? Index(JsonNode? target, JsonNode? index)
        {
            if (IsOpaque(target) || IsOpaque(index)) return Opaque($"{Render(target, true)}[{Render(index, true)}]");
            return target switch
            {
                JsonArray a => a[index!.GetValue<int>()]?.DeepClone(),
                JsonObject o => o[index!.GetValue<string>()]?.DeepClone(),
                _ => throw new InvalidOperationException($"cannot index {target?.ToJsonString() ?? "null"}"),
            };
        }

        private string ParseString()
        {
            Expect('\'');
            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= text.Length) throw Error("unterminated string");
                var c = text[_pos++];
                if (c != '\'')
                {
                    sb.Append(c);
                }
                else if (_pos < text.Length && text[_pos] == '\'')
                {
                    sb.Append('\'');
                    _pos++;
                }
                else
                {
                    return sb.ToString();
                }
            }
        }

        private JsonNode ParseNumber()
        {
            var start = _pos;
            if (text[_pos] == '-') _pos++;
            while (_pos < text.Length && char.IsDigit(text[_pos])) _pos++;
            return JsonValue.Create(long.Parse(text.AsSpan(start, _pos - start), CultureInfo.InvariantCulture));
        }

        private string ParseIdentifier()
        {
            SkipSpace();
            var start = _pos;
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] is '_' or '$' or '#')) _pos++;
            if (_pos == start) throw Error("identifier expected");
            return text[start.._pos];
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
        }

        private bool TryTake(char c)
        {
            if (_pos < text.Length && text[_pos] == c)
            {
                _pos++;
                return true;
            }
            return false;
        }

        private void Expect(char c)
        {
            if (!TryTake(c)) throw Error($"'{c}' expected");
        }

        private FormatException Error(string problem) => new($"{problem} at {_pos} in [{text}]");
    }
}
