using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public static class ProtocolJson
{
    /// <summary>Serializer options for LSP messages: camelCase, nulls left out, unknown properties ignored.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 64,
    };
}
