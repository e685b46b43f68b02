using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using CodePilotLocal.TestSupport;
using Xunit.Abstractions;

namespace CodePilotLocal.Editors.Tests;

/// <summary>
/// The offline bundles as a user on an air-gapped machine meets them: built by the real eng/bundle, unpacked
/// into a fresh folder, checked with their SHA256SUMS, and the server run with no SDK, no DOTNET_ROOT, a
/// fresh HOME and no network; on a bare Debian (no ICU, no OpenSSL, no libgomp) where debootstrap can make
/// one. The other platforms' bundles cannot run here: their contents are checked instead.
/// </summary>
[Trait("Category", "Model")]
public sealed class OfflineBundleTests(ITestOutputHelper log)
{
    private const string Unshare = "/usr/bin/unshare";

    [SkippableFact]
    public async Task The_linux_x64_bundle_runs_demo_with_no_sdk_no_dotnet_root_a_fresh_home_and_no_network()
    {
        Skip.If(OfflineBundles.CannotBuild is not null, OfflineBundles.CannotBuild);
        using var scratch = new TempDirectory();
        var bundle = await OfflineBundles.UnpackAsync("linux-x64", scratch.File("bundle"));
        var (sums, sumsOutput) = await Programs.RunAsync("sha256sum", ["-c", "--quiet", "SHA256SUMS"], bundle);
        var server = Path.Combine(bundle, "server", "codepilot");
        var noNetwork = (await Programs.RunAsync(Unshare, ["-n", "true"])).ExitCode == 0;
        if (!noNetwork)
        {
            log.WriteLine("unshare -n is not permitted on this machine: the demo ran with the network present (it opens no connection either way).");
        }

        var environment = new Dictionary<string, string>
        {
            ["PATH"] = Directory.CreateDirectory(scratch.File("bin-without-dotnet")).FullName,
            ["HOME"] = Directory.CreateDirectory(scratch.File("home")).FullName,
        };
        var version = await Programs.RunAsync(server, ["--version"], "/", environment, inheritEnvironment: false);
        environment["LD_DEBUG"] = "libs"; // the dynamic loader says which libgomp it initialises
        var (exitCode, output) = noNetwork
            ? await Programs.RunAsync(Unshare, ["-n", server, "demo"], "/", environment, inheritEnvironment: false)
            : await Programs.RunAsync(server, ["demo"], "/", environment, inheritEnvironment: false);

        Assert.True(sums == 0, sumsOutput);
        var platform = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "server", "platform.json"))).RootElement;
        Assert.Equal("linux-x64", platform.GetProperty("platform").GetString());
        Assert.Equal(0, version.ExitCode);
        Assert.StartsWith(platform.GetProperty("version").GetString()!, version.Output.Trim());
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}");
        Assert.Contains("Suggested by", output);
        Assert.Matches($@"calling init: {Regex.Escape(Path.GetDirectoryName(server)!)}/runtimes/linux-x64/native/\w+/libgomp\.so\.1", output);
    }

    [SkippableFact]
    public async Task The_startup_bench_measures_the_unpacked_server_to_initialize_and_to_the_first_suggestion()
    {
        Skip.If(OfflineBundles.CannotBuild is not null, OfflineBundles.CannotBuild);
        using var scratch = new TempDirectory();
        var server = Path.Combine(await OfflineBundles.UnpackAsync("linux-x64", scratch.File("bundle")), "server", "codepilot");
        var bench = Path.Combine(TestPaths.RepositoryRoot, "eng", "startup-bench.mjs");

        var (exitCode, output) = await Programs.RunAsync("node", [bench, server, server, "--model", TinyModels.Qwen, "--runs", "1"]);
        var (badRuns, badRunsOutput) = await Programs.RunAsync("node", [bench, server, "--runs", "0"]);

        Assert.True(exitCode == 0, output);
        Assert.Matches($@"{Regex.Escape(server)}: median initialize \d+ ms, first suggestion \d+ ms \(1 runs\)", output);
        Assert.Matches(@"ratio to the first: initialize \d+\.\d\d, suggestion \d+\.\d\d", output);
        Assert.Equal(2, badRuns);
        Assert.Equal("startup-bench: --runs '0' is not a positive whole number", badRunsOutput.Trim());
    }

    [Theory]
    [InlineData("freebsd-x64", "eng/bundle: unknown platform 'freebsd-x64' (one of: linux-x64 linux-arm64 win-x64 osx-arm64 osx-x64)")]
    [InlineData("--ready-to-run", "eng/bundle: --ready-to-run takes true or false")]
    [InlineData("--fast", "eng/bundle: unknown option '--fast'")]
    public async Task Eng_bundle_refuses_a_bad_argument_with_one_line_and_exit_code_2(string argument, string message)
    {
        var (exitCode, output) = await Programs.RunAsync(Path.Combine(TestPaths.RepositoryRoot, "eng", "bundle"), [argument], TestPaths.RepositoryRoot);

        Assert.Equal(2, exitCode);
        Assert.Equal(message, output.Trim());
    }

    [SkippableFact]
    public async Task A_damaged_member_is_named_by_the_checksums_and_a_truncated_archive_does_not_unpack()
    {
        Skip.If(OfflineBundles.CannotBuild is not null, OfflineBundles.CannotBuild);
        using var scratch = new TempDirectory();
        var bundle = await OfflineBundles.UnpackAsync("linux-x64", scratch.File("bundle"));
        var damaged = Path.Combine(bundle, "server", "codepilot.dll");
        await using (var file = new FileStream(damaged, FileMode.Open))
        {
            file.Position = file.Length / 2;
            var b = file.ReadByte();
            file.Position--;
            file.WriteByte((byte)(b ^ 0xFF));
        }

        var archive = (await OfflineBundles.ArchivesAsync("linux-x64"))["linux-x64"];
        var truncated = scratch.File("truncated.tar.gz");
        await using (var input = File.OpenRead(archive))
        await using (var output = File.Create(truncated))
        {
            var half = new byte[input.Length / 2];
            await input.ReadExactlyAsync(half);
            await output.WriteAsync(half);
        }

        var (sums, sumsOutput) = await Programs.RunAsync("sha256sum", ["-c", "--quiet", "SHA256SUMS"], bundle);
        var (untar, untarOutput) = await Programs.RunAsync("tar", ["-xzf", truncated, "-C", Directory.CreateDirectory(scratch.File("partial")).FullName]);

        Assert.NotEqual(0, sums);
        Assert.Equal("server/codepilot.dll: FAILED", sumsOutput.Split('\n')[0].Trim());
        Assert.NotEqual(0, untar);
        Assert.Contains("Unexpected EOF", untarOutput);
    }

    [SkippableFact]
    public async Task The_bundle_runs_on_a_bare_debian_with_no_icu_openssl_or_libgomp()
    {
        Skip.If(OfflineBundles.CannotBuild is not null, OfflineBundles.CannotBuild);
        Skip.If(Environment.UserName != "root" || Programs.Which("debootstrap") is null || !File.Exists(Unshare),
            "needs root, debootstrap and unshare (.ci/run installs debootstrap) to make a bare Debian to chroot into");
        var root = await BareDebian.RootAsync();
        var libraries = Directory.GetFiles(root, "lib*.so*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.DoesNotContain(libraries, l => l!.StartsWith("libgomp", StringComparison.Ordinal) || l.StartsWith("libssl", StringComparison.Ordinal) || l.StartsWith("libicu", StringComparison.Ordinal));

        var inside = "/opt/codepilot-" + Guid.NewGuid().ToString("N");
        try
        {
            await OfflineBundles.UnpackAsync("linux-x64", root + inside);
            File.Copy(TinyModels.Qwen, Path.Combine(root + inside, "tiny-qwen.gguf"));
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(TinyModels.Qwen)));
            // A private mount namespace for /proc (the runtime needs it) and no network; both end with the command.
            var script = $"""
                mount -t proc proc '{root}/proc' && exec chroot '{root}' /usr/bin/env -i PATH=/usr/bin:/bin HOME=/tmp/home sh -c '
                  mkdir -p /tmp/home && cd / &&
                  {inside}/server/codepilot demo &&
                  {inside}/server/codepilot model import {inside}/tiny-qwen.gguf --sha256 {sha256}'
                """;
            var (exitCode, output) = await Programs.RunAsync(Unshare, ["-n", "-m", "--propagation", "private", "sh", "-c", script]);

            Assert.True(exitCode == 0, $"exit {exitCode}\n{output}");
            Assert.Contains("Suggested by", output);
            Assert.Contains($"sha256 {sha256} verified", output);
        }
        finally
        {
            Directory.Delete(root + inside, recursive: true);
        }
    }

    [SkippableTheory]
    [InlineData("linux-arm64", "codepilot", "ELF aarch64", "")]
    [InlineData("win-x64", "codepilot.exe", "PE x64", "avx2/")]
    [InlineData("osx-arm64", "codepilot", "Mach-O arm64", "")]
    [InlineData("osx-x64", "codepilot", "Mach-O x86-64", "")]
    public async Task Another_platforms_bundle_holds_its_own_apphost_natives_vsix_plugin_and_checksums(string platform, string exe, string format, string variant)
    {
        Skip.If(OfflineBundles.CannotBuild is not null, OfflineBundles.CannotBuild);
        await OfflineBundles.ArchivesAsync(OfflineBundles.OtherPlatforms);
        using var scratch = new TempDirectory();
        var bundle = await OfflineBundles.UnpackAsync(platform, scratch.File("bundle"));
        var server = Path.Combine(bundle, "server");
        var windows = platform.StartsWith("win-", StringComparison.Ordinal);
        var linux = platform.StartsWith("linux-", StringComparison.Ordinal);
        var (prefix, suffix) = windows ? ("", ".dll") : linux ? ("lib", ".so") : ("lib", ".dylib");
        var natives = Path.Combine(server, "runtimes", platform, "native", variant.Replace('/', Path.DirectorySeparatorChar));

        Assert.Equal(format, BinaryFormat.Of(Path.Combine(server, exe)));
        Assert.Equal([platform], Directory.GetDirectories(Path.Combine(server, "runtimes")).Select(Path.GetFileName));
        foreach (var library in new[] { "llama", "ggml", "ggml-base", "ggml-cpu" })
        {
            Assert.Equal(format, BinaryFormat.Of(Path.Combine(natives, prefix + library + suffix)));
        }

        Assert.Equal(linux, File.Exists(Path.Combine(natives, "libgomp.so.1")));
        Assert.Equal(linux, File.Exists(Path.Combine(server, "openssl", "libssl.so.3")));
        if (linux)
        {
            Assert.Equal(format, BinaryFormat.Of(Path.Combine(natives, "libgomp.so.1")));
            Assert.Equal(format, BinaryFormat.Of(Path.Combine(server, "openssl", "libcrypto.so.3")));
        }

        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(server, "platform.json"))).RootElement;
        Assert.Equal(platform, manifest.GetProperty("platform").GetString());
        var version = manifest.GetProperty("version").GetString();
        using (var vsix = ZipFile.OpenRead(Path.Combine(bundle, $"codepilot-local-{platform}.vsix")))
        {
            Assert.Contains(vsix.Entries, e => e.FullName == $"extension/server/{exe}");
            Assert.Contains(vsix.Entries, e => e.FullName == "extension/server/platform.json");
            using var reader = new StreamReader(vsix.GetEntry("extension.vsixmanifest")!.Open());
            var vsceTarget = windows ? "win32-x64" : platform.Replace("osx-", "darwin-");
            Assert.Contains($"TargetPlatform=\"{vsceTarget}\"", await reader.ReadToEndAsync());
        }

        Assert.True(File.Exists(Path.Combine(bundle, "nvim", "lua", "codepilot", "server.lua")));
        Assert.True(File.Exists(Path.Combine(bundle, $"CodePilotLocal.{version}.nupkg")));
        Assert.Contains($"CodePilot Local {version} for {platform}", File.ReadAllText(Path.Combine(bundle, "INSTALL.txt")));
        Assert.Contains($"server/{exe} --version", File.ReadAllText(Path.Combine(bundle, "INSTALL.txt")));
        var sums = File.ReadAllLines(Path.Combine(bundle, "SHA256SUMS")).Select(l => (Hash: l[..64], File: l[66..])).ToList();
        var files = Directory.GetFiles(bundle, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(bundle, f).Replace('\\', '/')).Where(f => f != "SHA256SUMS");
        Assert.Equal(files.Order(StringComparer.Ordinal), sums.Select(s => s.File).Order(StringComparer.Ordinal));
        Assert.All(sums.Where(s => s.File.StartsWith("server/runtimes/", StringComparison.Ordinal)), s =>
            Assert.Equal(s.Hash, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(bundle, s.File))))));
    }
}
