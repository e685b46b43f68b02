using CodePilotLocal.Inference.Models;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Cli.Hosting;

/// <summary>
/// The model a one-shot command runs when the user named none: --model, else CODEPILOT_MODEL, else the
/// best code model in the user cache or ../shared/models, else a generated random-weight tiny model
/// (which shows the mechanics, never meaningful text; the commands say so).
/// </summary>
internal static class DefaultModel
{
    public static (string Path, string Origin) Resolve(ServerOptions options) =>
        options.CommandLineModel is { } cli ? (cli, "--model")
        : options.EnvironmentModel is { } env ? (env, "CODEPILOT_MODEL")
        : FindOrGenerate();

    /// <summary>The options with that model named, as if it had been passed with --model.</summary>
    public static (ServerOptions Options, string Origin) Apply(ServerOptions options)
    {
        var (path, origin) = Resolve(options);
        return (options with { CommandLineModel = path }, origin);
    }

    private static (string Path, string Origin) FindOrGenerate()
    {
        var shared = SharedModelDirectories().ToArray();
        if (ModelLocator.FindBest([ModelLocator.UserModelDirectory, .. shared]) is { } found)
        {
            return (found.Path, $"the best code model found in {ModelLocator.UserModelDirectory}{(shared.Length > 0 ? " or " + string.Join(", ", shared) : "")}");
        }

        var generated = Path.Combine(Path.GetDirectoryName(ModelLocator.UserModelDirectory)!, "demo", "random-tiny-qwen2.gguf");
        if (!File.Exists(generated))
        {
            TinyModelFactory.Write(generated, ModelShapes.Tiny);
        }

        return (generated, $"no code model was found in {ModelLocator.UserModelDirectory}: generated a random-weight tiny model");
    }

    /// <summary>../shared/models beside the working directory or beside the checkout this program runs from.</summary>
    private static IEnumerable<string> SharedModelDirectories()
    {
        var starts = new[] { Environment.CurrentDirectory, AppContext.BaseDirectory };
        var seen = new HashSet<string>();
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "models"));
                if (File.Exists(Path.Combine(dir.FullName, "CodePilotLocal.sln")) || dir.FullName == start)
                {
                    if (Directory.Exists(candidate) && seen.Add(candidate))
                    {
                        yield return candidate;
                    }
                }
            }
        }
    }
}
