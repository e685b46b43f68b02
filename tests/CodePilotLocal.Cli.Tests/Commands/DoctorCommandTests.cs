using System.Text.Json;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Cli.Tests.Commands;

/// <summary>`codepilot doctor` on a real git workspace, with and without a remote backend.</summary>
public sealed class DoctorCommandTests
{
    [Fact]
    public async Task Doctor_says_nothing_leaves_the_machine_and_what_is_kept_out()
    {
        using var git = new GitWorkspace();
        git.Write(".gitignore", "build/\n");
        git.Write(".codepilotignore", "internal/\n");
        git.Commit("init", ("src/App.cs", "class App { }\n"));
        git.Write(".env", "API_TOKEN=abc\n");
        git.Write("internal/Plan.cs", "class Plan { }\n");
        git.Write("build/out.txt", "x\n");
        using var cache = new TempDirectory();

        var run = await Codepilot.RunAsync(cache.Path, "doctor", git.Root, "--model", TinyModels.Qwen, "--json");

        Assert.Equal(0, run.ExitCode);
        var report = JsonDocument.Parse(run.Stdout).RootElement;
        var backend = report.GetProperty("backend");
        Assert.False(backend.GetProperty("sendsCode").GetBoolean());
        Assert.Contains("No code leaves this machine", backend.GetProperty("statement").GetString());
        var model = report.GetProperty("model");
        Assert.Equal("qwen", model.GetProperty("fimTemplate").GetString());
        Assert.True(model.GetProperty("randomWeights").GetBoolean());
        var index = report.GetProperty("index");
        Assert.True(index.GetProperty("inUserCache").GetBoolean());
        Assert.StartsWith(cache.Path, index.GetProperty("location").GetString());
        var exclusions = report.GetProperty("exclusions");
        Assert.Equal(1, exclusions.GetProperty("secret").GetInt32()); // .env
        Assert.True(exclusions.GetProperty("ignored").GetInt32() >= 2); // build/ by git, internal/ by .codepilotignore
        Assert.EndsWith(".codepilotignore", exclusions.GetProperty("codePilotIgnore").GetString());
        var usage = report.GetProperty("usage");
        Assert.Equal(Path.Combine(cache.Path, "codepilot", "usage", "usage.db"), usage.GetProperty("path").GetString());
        Assert.Equal(JsonValueKind.Null, usage.GetProperty("sizeBytes").ValueKind); // none written yet
    }

    [Fact]
    public async Task Doctor_states_plainly_where_code_is_sent_and_never_shows_the_key()
    {
        using var workspace = new TempDirectory();
        using var cache = new TempDirectory();
        var key = "sk-doctor-" + Guid.NewGuid().ToString("N");

        var run = await Codepilot.RunAsync(cache.Path, new Dictionary<string, string?> { ["CODEPILOT_API_KEY"] = key },
            "doctor", workspace.Path, "--backend", "openai", "--endpoint", "http://gpu-box.example:8000", "--backend-mode", "remote-first");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("CODE IS SENT TO http://gpu-box.example:8000/", run.Stdout);
        Assert.Contains("not encrypted", run.Stdout);
        Assert.Contains("$CODEPILOT_API_KEY is set", run.Stdout);
        Assert.DoesNotContain(key, run.Stdout + run.Stderr);
        Assert.Contains("not checked", run.Stdout); // no connection without --check-remote
    }
}
