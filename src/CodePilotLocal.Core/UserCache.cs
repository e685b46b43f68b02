namespace CodePilotLocal.Core;

/// <summary>The one folder CodePilot writes to outside a repository: models, logs and indexes live under it.</summary>
public static class UserCache
{
    /// <summary>$XDG_CACHE_HOME/codepilot, ~/.cache/codepilot, or %LOCALAPPDATA%\codepilot.</summary>
    public static string Directory
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(cache))
            {
                cache = OperatingSystem.IsWindows()
                    ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            }

            return Path.Combine(cache, "codepilot");
        }
    }

    /// <summary>Where the server's log files go.</summary>
    public static string LogDirectory => Path.Combine(Directory, "logs");
}
