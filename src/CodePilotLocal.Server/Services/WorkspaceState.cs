namespace CodePilotLocal.Server.Services;

/// <summary>The workspace the editor opened and the settings in force; replaced whole, read lock-free.</summary>
internal sealed class WorkspaceState(ServerSettings initial)
{
    private volatile ServerSettings _settings = initial;

    public ServerSettings Settings
    {
        get => _settings;
        set => _settings = value;
    }

    /// <summary>The workspace folder from initialize, if it is a local folder.</summary>
    public string? RootPath { get; set; }

    /// <summary>Where the index file goes; null for the user cache (see IndexLocation).</summary>
    public string? IndexPath { get; set; }
}
