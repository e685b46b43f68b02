using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

/// <summary>window/showMessage and window/logMessage. Type: 1 Error, 2 Warning, 3 Info, 4 Log.</summary>
public sealed record ShowMessageParams([property: JsonPropertyName("type")] int Type, [property: JsonPropertyName("message")] string Message);
