using System.Runtime.CompilerServices;

namespace CodePilotLocal.Server.Tests;

/// <summary>In-process tests write indexes and logs to a temporary user cache, never to the developer's own.</summary>
internal static class IsolatedUserCache
{
    [ModuleInitializer]
    internal static void Use() =>
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", Path.Combine(Path.GetTempPath(), "codepilot-tests", "inproc-cache-" + Environment.ProcessId));
}
