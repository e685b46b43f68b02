using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Editors.Tests;

/// <summary>
/// A minimal Debian root (debootstrap's minbase: no ICU, no OpenSSL, no libgomp) of this machine's release,
/// from the Debian mirror debootstrap is configured with; made once per machine and kept in the temp folder.
/// </summary>
internal static class BareDebian
{
    private static readonly SemaphoreSlim Making = new(1, 1);

    public static async Task<string> RootAsync()
    {
        var release = File.ReadAllLines("/etc/os-release").Select(l => l.Split('=', 2)).Where(p => p[0] == "VERSION_CODENAME").Select(p => p[1].Trim('"')).Single();
        var root = Path.Combine(Path.GetTempPath(), $"codepilot-bare-{release}");
        await Making.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(root, "etc", "debian_version")))
            {
                var making = root + ".making";
                if (Directory.Exists(making))
                {
                    Directory.Delete(making, recursive: true);
                }

                var (exitCode, output) = await Programs.RunAsync("debootstrap", ["--variant=minbase", release, making], timeout: TimeSpan.FromMinutes(10));
                Assert.True(exitCode == 0, $"debootstrap {release} failed ({exitCode}):\n{output}");
                Directory.Move(making, root);
            }

            return root;
        }
        finally
        {
            Making.Release();
        }
    }
}
