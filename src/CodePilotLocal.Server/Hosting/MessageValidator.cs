using System.Text.Json;
using CodePilotLocal.Protocol;

namespace CodePilotLocal.Server.Hosting;

/// <summary>
/// Checks a frame's body against JSON-RPC 2.0 before StreamJsonRpc sees it, so that a client's broken
/// message gets the right error response instead of closing the connection.
/// </summary>
internal static class MessageValidator
{
    /// <param name="IsNotification">A notification (a method, no id) is never answered, even with an error: it is only logged.</param>
    public sealed record Rejection(int Code, string Message, JsonElement? Id, bool IsNotification = false);

    public static Rejection? Validate(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            return new Rejection(ErrorCodes.ParseError, $"Parse error: {e.Message}", null);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new Rejection(ErrorCodes.InvalidRequest, $"Invalid request: a message must be a JSON object, not {root.ValueKind}.", null);
            }

            JsonElement? id = null;
            if (root.TryGetProperty("id", out var idElement))
            {
                if (idElement.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null)
                    || (idElement.ValueKind == JsonValueKind.Number && !idElement.TryGetInt64(out _)))
                {
                    return new Rejection(ErrorCodes.InvalidRequest, "Invalid request: \"id\" must be a string or an integer.", null);
                }

                id = idElement.Clone();
            }

            if (!root.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
            {
                return new Rejection(ErrorCodes.InvalidRequest, "Invalid request: \"jsonrpc\" must be \"2.0\".", id);
            }

            if (!root.TryGetProperty("method", out var method))
            {
                var isResponse = root.TryGetProperty("result", out _) || root.TryGetProperty("error", out _);
                return isResponse && id is not null
                    ? null
                    : new Rejection(ErrorCodes.InvalidRequest, "Invalid request: no \"method\".", id);
            }

            if (method.ValueKind != JsonValueKind.String || method.GetString() is not { Length: > 0 })
            {
                return new Rejection(ErrorCodes.InvalidRequest, "Invalid request: \"method\" must be a non-empty string.", id);
            }

            if (root.TryGetProperty("params", out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null))
            {
                return new Rejection(ErrorCodes.InvalidParams, $"Invalid params: \"params\" must be an object or an array, not {parameters.ValueKind}.", id,
                    IsNotification: !root.TryGetProperty("id", out _));
            }

            // "params": null is read as absent: several clients send it for shutdown and exit.
            return null;
        }
    }

    public static byte[] ErrorResponse(int code, string message, JsonElement? id)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WritePropertyName("id");
            if (id is { } value)
            {
                value.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteStartObject("error");
            writer.WriteNumber("code", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
