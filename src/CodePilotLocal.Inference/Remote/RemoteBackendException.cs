namespace CodePilotLocal.Inference.Remote;

/// <summary>
/// A remote inference server could not be reached, refused, failed or was too slow. The message names the
/// endpoint and what happened in words a user can act on; it never carries the API key.
/// </summary>
public sealed class RemoteBackendException(string message, Exception? inner = null) : Exception(message, inner);
