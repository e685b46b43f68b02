using System.Security.Cryptography;
using System.Text;
using CodePilotLocal.Core;

namespace CodePilotLocal.Indexing.Store;

/// <summary>Where a workspace's index lives: in the user cache, one folder per workspace path, never inside the repository unless asked.</summary>
public static class IndexLocation
{
    public static string For(string root)
    {
        var full = Path.GetFullPath(root).TrimEnd('/', '\\');
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..16];
        return Path.Combine(UserCache.Directory, "index", Path.GetFileName(full) + "-" + id, "index.db");
    }
}
