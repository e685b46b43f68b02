namespace CodePilotLocal.Inference.Remote;

/// <summary>How a configured remote backend and the local model share the work.</summary>
public enum BackendMode
{
    /// <summary>Only the remote server answers; while it is down there are no suggestions (and no local model is loaded).</summary>
    RemoteOnly,

    /// <summary>The remote server answers; while it fails or is too slow, the local model does.</summary>
    RemoteFirst,

    /// <summary>The local model answers; the remote server only when no local model can (none found, or it cannot fill in the middle).</summary>
    LocalFirst,
}
