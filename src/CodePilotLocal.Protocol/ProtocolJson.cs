using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public static class ProtocolJson
{
    /// <summary>
    /// Serializer options for LSP messages: camelCase, nulls left out, unknown properties ignored. A null or
    /// missing value where the protocol type says it cannot be is a JsonException (answered -32602), never a
    /// null that a handler trips over later.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 64,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };
}
