using System.Runtime.InteropServices;

namespace CodePilotLocal.Cli.Hosting;

/// <summary>
/// .NET hashes (the index's content hashes, model checksums) through the system's OpenSSL on Linux, which a
/// bare machine may not have. The offline bundle carries OpenSSL 3 in server/openssl/ (eng/bundle): where
/// the system has no libssl of its own, those are loaded by absolute path before anything hashes, and .NET's
/// own lookup by soname then finds them already loaded. The system's copy wins wherever there is one, so
/// its security updates apply.
/// </summary>
internal static class BundledOpenSsl
{
    public static void LoadWhereMissing()
    {
        if (!OperatingSystem.IsLinux() || SystemHasOpenSsl())
        {
            return;
        }

        var folder = Path.Combine(AppContext.BaseDirectory, "openssl");
        foreach (var library in new[] { "libcrypto.so.3", "libssl.so.3" }) // libssl needs libcrypto loaded first
        {
            var path = Path.Combine(folder, library);
            if (File.Exists(path))
            {
                NativeLibrary.TryLoad(path, out _);
            }
        }
    }

    private static bool SystemHasOpenSsl()
    {
        foreach (var name in new[] { "libssl.so.3", "libssl.so.1.1" })
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                NativeLibrary.Free(handle);
                return true;
            }
        }

        return false;
    }
}
