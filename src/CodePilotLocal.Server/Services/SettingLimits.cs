namespace CodePilotLocal.Server.Services;

/// <summary>The values each numeric setting accepts, the same from an editor's settings and from the command line.</summary>
public static class SettingLimits
{
    public static readonly (int Min, int Max) GpuLayers = (0, 1000);
    public static readonly (int Min, int Max) Threads = (1, 256);
    public static readonly (int Min, int Max) ContextSize = (256, 1 << 20);
    public static readonly (int Min, int Max) CacheReuse = (0, 1 << 20);
    public static readonly (int Min, int Max) MaxTokens = (1, 4096);
    public static readonly (int Min, int Max) TimeBudgetMs = (50, 600_000);
    public static readonly (int Min, int Max) ExplainMaxTokens = (16, 8192);
    public static readonly (int Min, int Max) ContextTokens = (0, 1 << 16);
    public static readonly (int Min, int Max) MaxIndexedFileBytes = (1024, 1 << 30);
    public static readonly (int Min, int Max) RemoteTimeoutMs = (100, 600_000);
    public static readonly (int Min, int Max) Slot = (0, 4096);
    public static readonly (int Min, int Max) WarmPlacesMb = (0, 65_536);

    public static readonly (int Min, int Max) DraftTokens = (0, 32);
}
