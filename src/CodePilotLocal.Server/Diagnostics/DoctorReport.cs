using System.Reflection;
using CodePilotLocal.Core;
using CodePilotLocal.Core.Privacy;
using CodePilotLocal.Indexing.Store;
using CodePilotLocal.Indexing.Workspace;
using CodePilotLocal.Inference;
using CodePilotLocal.Inference.Models;
using CodePilotLocal.Inference.Remote;
using CodePilotLocal.Server.Services;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodePilotLocal.Server.Diagnostics;

/// <summary>
/// What a security reviewer asks before approving the assistant: which model runs where, whether any code
/// is sent anywhere (and where), where the index and logs live and how big they are, and what is kept out
/// of the index and prompts. Built without opening any network connection unless asked to check a
/// configured remote endpoint.
/// </summary>
public sealed record DoctorReport(
    string Version,
    DoctorReport.ModelSection Model,
    DoctorReport.BackendSection Backend,
    DoctorReport.IndexSection Index,
    DoctorReport.ExclusionSection Exclusions,
    string ModelCache,
    string Logs,
    DoctorReport.UsageSection Usage)
{
    /// <summary>The local usage statistics: where they are and how big (null: none yet).</summary>
    public sealed record UsageSection(string Path, long? SizeBytes);

    public sealed record ModelSection(string? Path, string Source, string? Name, string? FimTemplate, bool? ChatTemplate, bool? RandomWeights, long? SizeBytes, string? Sha256, string? Problem, string ExplainModel);

    public sealed record BackendSection(
        string Kind, string? Endpoint, string? Mode, string? ModelName, string? ApiKeyVariable, bool ApiKeySet, bool VerifyTls,
        bool SendsCode, string Statement, string? Reachable);

    public sealed record IndexSection(string Workspace, string Location, bool InUserCache, bool Exists, long SizeBytes, int Files, int Chunks, int Symbols, int Commits, string? Problem);

    public sealed record ExclusionSection(
        string IgnoreRules, string? CodePilotIgnore, int FilesToIndex, int Ignored, int Secret, int Symlinks, long MaxFileBytes,
        IReadOnlyList<string> SecretFilePatterns, string Redaction, string Other);

    public static async Task<DoctorReport> BuildAsync(ServerOptions options, string workspace, bool checkRemote, CancellationToken cancellationToken)
    {
        var settings = options.Settings;
        var backend = options.CommandLineBackend ?? settings.Backend;
        return new DoctorReport(
            typeof(DoctorReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?",
            DescribeModel(options, settings, backend),
            await DescribeBackendAsync(backend, checkRemote, cancellationToken).ConfigureAwait(false),
            DescribeIndex(workspace),
            DescribeExclusions(workspace, settings),
            ModelLocator.UserModelDirectory,
            UserCache.LogDirectory,
            DescribeUsage(CodePilotLocal.Usage.UsageStore.DefaultPath));
    }

    private static ModelSection DescribeModel(ServerOptions options, ServerSettings settings, RemoteBackendOptions backend)
    {
        var explain = options.CommandLineExplainModel ?? settings.ExplainModelPath ?? "the completion model (when it has a chat template)";
        if (backend is { IsRemote: true, Mode: BackendMode.RemoteOnly })
        {
            return new ModelSection(null, "none: the remote backend answers alone", null, null, null, null, null, null, null, explain);
        }

        var (path, source) = ModelService.Resolve(options, settings);
        if (path is null)
        {
            return new ModelSection(null, source, null, null, null, null, null, null, "No model found: pass --model, set CODEPILOT_MODEL, or `codepilot model pull qwen2.5-coder-1.5b`.", explain);
        }

        try
        {
            var model = ModelInspector.Inspect(path);
            var sidecar = path + ".sha256";
            var sha256 = File.Exists(sidecar) ? File.ReadAllText(sidecar).Split(' ', 2)[0].Trim() : null;
            return new ModelSection(path, source, model.Name, model.FimTemplate?.Name, model.HasChatTemplate, ModelLocator.IsRandomTestModel(model),
                model.FileSize, sha256, model.CompletionBlocker, explain);
        }
        catch (Exception e) when (e is Inference.Gguf.GgufFormatException or IOException or UnauthorizedAccessException)
        {
            return new ModelSection(path, source, null, null, null, null, null, null, e.Message, explain);
        }
    }

    private static async Task<BackendSection> DescribeBackendAsync(RemoteBackendOptions backend, bool checkRemote, CancellationToken cancellationToken)
    {
        if (!backend.IsRemote)
        {
            return new BackendSection("local", null, null, null, null, false, true, false,
                "No code leaves this machine: no remote backend is configured, and the server opens no network connection.", null);
        }

        string? reachable = null;
        if (checkRemote)
        {
            try
            {
                await using var engine = await RemoteEngine.ConnectAsync(backend, NullLogger.Instance, cancellationToken).ConfigureAwait(false);
                reachable = $"yes: model {engine.Model.Name}, {engine.Model.FimTemplate?.Name} FIM template";
            }
            catch (RemoteBackendException e)
            {
                reachable = "no: " + e.Message;
            }
        }

        var mode = BackendNames.Name(backend.Mode);
        var statement = backend.Mode == BackendMode.LocalFirst
            ? $"Code is sent to {backend.Endpoint} when no local model can complete ({mode})."
            : $"CODE IS SENT TO {backend.Endpoint} for every completion, explanation and fix ({mode}{(backend.Mode == BackendMode.RemoteFirst ? "; the local model answers only while it fails" : "")}).";
        if (backend.Endpoint is { Scheme: "http" } endpoint && !endpoint.IsLoopback)
        {
            statement += " The connection is plain http: not encrypted.";
        }

        return new BackendSection(BackendNames.Name(backend.Kind), backend.Endpoint?.ToString(), mode, backend.ModelName, backend.ApiKeyVariable,
            !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(backend.ApiKeyVariable)), backend.VerifyTls, true, statement, reachable);
    }

    private static IndexSection DescribeIndex(string workspace)
    {
        var location = IndexLocation.For(workspace);
        var inCache = Path.GetFullPath(location).StartsWith(Path.GetFullPath(UserCache.Directory), StringComparison.Ordinal);
        if (!File.Exists(location))
        {
            return new IndexSection(workspace, location, inCache, false, 0, 0, 0, 0, 0, "not indexed yet (the server indexes on start; `codepilot index` does it now)");
        }

        var size = new DirectoryInfo(Path.GetDirectoryName(location)!).EnumerateFiles().Sum(f => f.Length);
        try
        {
            using var store = IndexStore.Open(location);
            var counts = store.Counts();
            return new IndexSection(workspace, location, inCache, true, size, counts.Files, counts.Chunks, counts.Symbols, counts.Commits, store.RebuiltBecause);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            return new IndexSection(workspace, location, inCache, true, size, 0, 0, 0, 0, e.Message);
        }
    }

    private static ExclusionSection DescribeExclusions(string workspace, ServerSettings settings)
    {
        using var rules = IgnoreRules.For(workspace);
        using var repository = GitRepositories.TryOpen(workspace, out _);
        var skipped = new Dictionary<SkipReason, int>();
        var files = new WorkspaceScanner(workspace, rules).Scan(skipped).Count();
        var codepilotIgnore = Path.Combine(workspace, IgnoreRules.FileName);
        return new ExclusionSection(
            repository is not null ? "git's own rules (nested .gitignore, .git/info/exclude, the global excludes file)" : "the workspace's .gitignore (not a git repository)",
            File.Exists(codepilotIgnore) ? codepilotIgnore : null,
            files, skipped.GetValueOrDefault(SkipReason.Ignored), skipped.GetValueOrDefault(SkipReason.Secret), skipped.GetValueOrDefault(SkipReason.Symlink),
            settings.Indexing.MaxFileBytes,
            SecretFiles.Patterns,
            "secrets are redacted from every prompt and stored chunk: private key blocks, tokens with known prefixes (GitHub, GitLab, AWS, Slack, OpenAI, Stripe, Google, npm, JWT), random-looking values assigned to secret-like names",
            "binary files, files that are not UTF-8, files over the size limit, and symbolic links (never followed) are not indexed; files outside the workspace are refused");
    }

    private static UsageSection DescribeUsage(string path) =>
        new(path, File.Exists(path) ? new FileInfo(path).Length + SizeIfExists(path + "-wal") : null);

    private static long SizeIfExists(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
