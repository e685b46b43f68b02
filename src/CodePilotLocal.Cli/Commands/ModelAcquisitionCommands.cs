using System.CommandLine;
using CodePilotLocal.Inference;
using CodePilotLocal.Inference.Models;
using CodePilotLocal.Inference.Models.Acquisition;

namespace CodePilotLocal.Cli.Commands;

/// <summary>`codepilot model list`, `model pull NAME`, `model import FILE`: getting models into the user cache.</summary>
internal static class ModelAcquisitionCommands
{
    public const string MirrorEnvironmentVariable = "CODEPILOT_MODEL_MIRROR";

    public static Command CreateList()
    {
        var command = new Command("list", "The recommended code models, their size and memory need, what each is good for, and which are in the cache.");
        command.SetAction(_ =>
        {
            var directory = ModelLocator.UserModelDirectory;
            Console.WriteLine($"Model cache: {directory}");
            Console.WriteLine($"{"",2}{"name",-30}{"download",10}{"memory",10}  use");
            foreach (var model in ModelCatalog.Models)
            {
                var cached = File.Exists(Path.Combine(directory, model.File));
                Console.WriteLine($"{(cached ? "* " : "  ")}{model.Name,-30}{Size(model.SizeBytes),10}{Size(model.MemoryBytes),10}  {model.Use}");
            }

            var others = Directory.Exists(directory)
                ? Directory.EnumerateFiles(directory, "*.gguf").Where(f => ModelCatalog.Find(Path.GetFileName(f)) is null).Order().ToList()
                : [];
            foreach (var file in others)
            {
                Console.WriteLine($"* {Path.GetFileName(file),-30}{Size(new FileInfo(file).Length),10}{"",10}  imported or copied by hand");
            }

            Console.WriteLine("* = in the cache. The server uses the best FIM model there when none is named. `codepilot model pull NAME` downloads one.");
            return 0;
        });
        return command;
    }

    public static Command CreatePull()
    {
        var name = new Argument<string>("NAME") { Description = "A name from `model list`, or OWNER/REPO/FILE.gguf on the hub or mirror" };
        var baseUrl = new Option<string?>("--base-url") { Description = $"Where to download from: the hub's layout {{base}}/OWNER/REPO/resolve/main/FILE (default ${MirrorEnvironmentVariable}, else {ModelDownloader.DefaultBaseUrl})" }.HttpUrl();
        var sha256 = new Option<string?>("--sha256") { Description = "The file's expected sha256 (default: the catalog's pin, the mirror's FILE.sha256, or the hub's checksum)" };
        var command = new Command("pull", "Download a model into the user cache (resumes an interrupted download; the sha256 is checked before the file is used).") { name, baseUrl, sha256 };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (ModelCatalog.Resolve(parse.GetValue(name)!) is not { } model)
            {
                Console.Error.WriteLine($"Unknown model '{parse.GetValue(name)}'. Known: {string.Join(", ", ModelCatalog.Models.Select(m => m.Name))}; or OWNER/REPO/FILE.gguf.");
                return 2;
            }

            var source = parse.GetValue(baseUrl) ?? Environment.GetEnvironmentVariable(MirrorEnvironmentVariable) ?? ModelDownloader.DefaultBaseUrl;
            if (!Uri.TryCreate(source, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            {
                Console.Error.WriteLine($"--base-url '{source}' is not an http(s) URL.");
                return 2;
            }

            Console.Error.WriteLine($"Downloading {model.File} from {baseUri} into {ModelLocator.UserModelDirectory} (the network is used for this download only).");
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var downloader = new ModelDownloader(http, ModelLocator.UserModelDirectory);
            try
            {
                var path = await downloader.PullAsync(model, baseUri, parse.GetValue(sha256), new ProgressBar(), cancellationToken).ConfigureAwait(false);
                Console.Error.WriteLine();
                Console.WriteLine($"{path}: sha256 verified. The server uses the best FIM model in the cache when none is named.");
                return 0;
            }
            catch (ModelDownloadException e)
            {
                Console.Error.WriteLine();
                Console.Error.WriteLine(e.Message);
                return 1;
            }
        });
        return command;
    }

    public static Command CreateImport()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A GGUF model carried in by hand" };
        var sha256 = new Option<string?>("--sha256") { Description = "The checksum published for the file: a mismatch is refused and nothing is kept" };
        var command = new Command("import", "Copy a GGUF model into the user cache and register it (for air-gapped machines).") { file, sha256 };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var expected = parse.GetValue(sha256);
            if (expected is not null && !IsSha256(expected))
            {
                Console.Error.WriteLine($"--sha256 '{expected}' is not a sha256 (64 hexadecimal digits).");
                return 2;
            }

            try
            {
                var (model, actual) = await ModelImporter.ImportAsync(parse.GetValue(file)!.FullName, ModelLocator.UserModelDirectory, expected, cancellationToken).ConfigureAwait(false);
                Console.WriteLine($"Imported {model.Path} ({Size(model.FileSize)}, sha256 {actual}{(expected is null ? ", not checked: pass --sha256 to check it" : " verified")}): {model.Architecture}, FIM template {model.FimTemplate?.Name ?? "none"}, chat template {(model.HasChatTemplate ? "yes" : "no")}.");
                if (model.CompletionBlocker is { } blocker)
                {
                    Console.WriteLine($"It cannot complete code: {blocker} It can still explain and fix (--explain-model) if it has a chat template.");
                }

                return 0;
            }
            catch (Exception e) when (e is ModelLoadException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return command;
    }

    private static bool IsSha256(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigit);

    private static string Size(long bytes) => bytes switch
    {
        0 => "?",
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GB",
        _ => $"{bytes / (double)(1L << 20):0} MB",
    };

    /// <summary>One line on stderr, rewritten in place: percent, size, speed.</summary>
    private sealed class ProgressBar : IProgress<DownloadProgress>
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private TimeSpan _last = TimeSpan.FromDays(-1);

        public void Report(DownloadProgress value)
        {
            if (_clock.Elapsed - _last < TimeSpan.FromMilliseconds(250) && value.Received != value.Total)
            {
                return;
            }

            _last = _clock.Elapsed;
            var speed = (value.Received - value.ResumedFrom) / Math.Max(0.001, _clock.Elapsed.TotalSeconds);
            var resumed = value.ResumedFrom > 0 ? $", resumed at {Size(value.ResumedFrom)}" : "";
            var line = value.Total is { } total and > 0
                ? $"{100.0 * value.Received / total,5:0.0} % [{new string('#', (int)(30 * value.Received / total)),-30}] {Size(value.Received)} of {Size(total)}, {Size((long)speed)}/s{resumed}"
                : $"{Size(value.Received)}, {Size((long)speed)}/s{resumed}";
            Console.Error.Write("\r" + line);
        }
    }
}
