using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tributary.Storage.Cosmos;

/// <summary>
/// A document's request body: its JSON with the <c>id</c> and the container's partition-key property set to what the call
/// names (added at the end when absent; an existing string that disagrees is refused).
/// </summary>
/// <remarks>
/// Serialised once, straight to UTF-8, and the two properties spliced in: a batch of result documents was serialised to a
/// JSON DOM and the DOM again to bytes, twice the work and a node per value. A document whose property is there but is
/// not a string, or whose names are escaped, takes the DOM way, which has the same outcome.
/// </remarks>
internal static class CosmosDocumentBody
{
    /// <summary>The UTF-8 JSON of <paramref name="document"/> stamped with <paramref name="id"/> and <paramref name="partitionKey"/>.</summary>
    public static byte[] Create<T>(T document, string id, string keyProperty, string partitionKey)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(document, CosmosJson.Options);
        var idFound = Find(json, "id", id, out var idNeedsDom);
        var keyFound = Find(json, keyProperty, partitionKey, out var keyNeedsDom);
        if (idNeedsDom || keyNeedsDom || string.Equals(keyProperty, "id", StringComparison.OrdinalIgnoreCase) || json[^1] != (byte)'}')
        {
            return ThroughDom(document, id, keyProperty, partitionKey);
        }

        if (idFound && keyFound)
        {
            return json;
        }

        var additions = new List<byte[]>(2);
        if (!idFound)
        {
            additions.Add(Property("id", id));
        }

        if (!keyFound)
        {
            additions.Add(Property(keyProperty, partitionKey));
        }

        var empty = json.Length == 2; // "{}"
        var body = new byte[json.Length + additions.Sum(a => a.Length + 1) - (empty ? 1 : 0)];
        var at = json.Length - 1;
        json.AsSpan(0, at).CopyTo(body);
        foreach (var addition in additions)
        {
            if (!empty || addition != additions[0])
            {
                body[at++] = (byte)',';
            }

            addition.CopyTo(body, at);
            at += addition.Length;
        }

        body[at] = (byte)'}';
        return body;
    }

    // Whether the top-level object has the property (names compared as the DOM compares them under CosmosJson's web
    // defaults: ignoring case) with the same string; throws for a string that disagrees; needsDom for anything unusual.
    private static bool Find(byte[] json, string property, string value, out bool needsDom)
    {
        needsDom = false;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            needsDom = true; // not an object: the DOM way says so
            return false;
        }

        var found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped)
            {
                needsDom = true;
                return false;
            }

            var match = Ascii.EqualsIgnoreCase(reader.ValueSpan, property);
            var exact = match && reader.ValueTextEquals(property);
            reader.Read();
            if (!match)
            {
                reader.Skip();
                continue;
            }

            if (found || !exact || reader.TokenType != JsonTokenType.String)
            {
                needsDom = true; // a repeated name, another spelling, or a value the DOM way overwrites
                return false;
            }

            if (!reader.ValueTextEquals(value))
            {
                throw new ArgumentException($"The document's '{property}' is '{reader.GetString()}' but the call names '{value}'.", property);
            }

            found = true;
        }

        return found;
    }

    private static byte[] Property(string name, string value)
    {
        var encodedName = JsonEncodedText.Encode(name, CosmosJson.Options.Encoder).EncodedUtf8Bytes;
        var encodedValue = JsonEncodedText.Encode(value, CosmosJson.Options.Encoder).EncodedUtf8Bytes;
        var bytes = new byte[encodedName.Length + encodedValue.Length + 5];
        var at = 0;
        bytes[at++] = (byte)'"';
        encodedName.CopyTo(bytes.AsSpan(at));
        at += encodedName.Length;
        "\":\""u8.CopyTo(bytes.AsSpan(at));
        at += 3;
        encodedValue.CopyTo(bytes.AsSpan(at));
        at += encodedValue.Length;
        bytes[at] = (byte)'"';
        return bytes;
    }

    /// <summary>The general way: the document as a JSON DOM, stamped, then written.</summary>
    internal static byte[] ThroughDom<T>(T document, string id, string keyProperty, string partitionKey)
    {
        if (JsonSerializer.SerializeToNode(document, CosmosJson.Options) is not JsonObject json)
        {
            throw new ArgumentException($"A {typeof(T).Name} does not serialise to a JSON object, so it cannot be a Cosmos document.", nameof(document));
        }

        Stamp(json, "id", id);
        Stamp(json, keyProperty, partitionKey);
        return JsonSerializer.SerializeToUtf8Bytes(json, CosmosJson.Options);
    }

    private static void Stamp(JsonObject json, string property, string value)
    {
        if (json[property] is JsonValue existing && existing.GetValueKind() == JsonValueKind.String && existing.GetValue<string>() != value)
        {
            throw new ArgumentException($"The document's '{property}' is '{existing.GetValue<string>()}' but the call names '{value}'.", property);
        }

        json[property] = value;
    }
}
