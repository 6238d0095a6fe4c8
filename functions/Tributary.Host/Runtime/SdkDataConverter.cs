using CoreDataConverter = DurableTask.Core.Serializing.DataConverter;
using SdkDataConverter_ = Microsoft.DurableTask.DataConverter;

namespace Tributary.Host.Runtime;

/// <summary>
/// DurableTask.Core's data converter over the SDK's, so that <c>TaskHubClient</c> writes inputs exactly as the SDK's shims
/// read them (System.Text.Json with the pipeline's options) rather than with the framework's Newtonsoft default.
/// </summary>
internal sealed class SdkDataConverter(SdkDataConverter_ inner) : CoreDataConverter
{
    public override string Serialize(object value) => inner.Serialize(value) ?? "null";

    public override string Serialize(object value, bool formatted) => Serialize(value);

    public override object Deserialize(string data, Type objectType) => inner.Deserialize(data, objectType)!;
}
