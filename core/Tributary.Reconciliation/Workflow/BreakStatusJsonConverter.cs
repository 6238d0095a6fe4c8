using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tributary.Reconciliation.Workflow;

/// <summary>
/// One spelling of a break status in every JSON the pipeline writes: the wire name (`in_review`), in a break's status and in
/// its history alike. Reads any spelling that means a status regardless of case, `_` and `-` (`in_review`, `InReview`), so
/// documents stored before the spelling was one still read. Registered ahead of the general enum converter, which would
/// otherwise write the C# name.
/// </summary>
public sealed class BreakStatusJsonConverter : JsonConverter<BreakStatus>
{
    /// <inheritdoc />
    public override BreakStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && BreakStatusNames.TryParseAnySpelling(reader.GetString(), out var status)
            ? status
            : throw new JsonException($"a break status is one of {string.Join(", ", Enum.GetValues<BreakStatus>().Select(s => s.Name()))}");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, BreakStatus value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Name());
    }
}
