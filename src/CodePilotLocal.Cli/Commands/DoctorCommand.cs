using System.CommandLine;
using System.Text.Json;
using CodePilotLocal.Indexing.Workspace;
using CodePilotLocal.Server.Diagnostics;

namespace CodePilotLocal.Cli.Commands;

/// <summary>`codepilot doctor [DIR]`: the model, the backend, the index and what is excluded, for a security review.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var shared = new SharedOptions();
        var directory = new Argument<DirectoryInfo?>("DIR") { Description = "The workspace (default: the git repository around the current folder)", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var checkRemote = new Option<bool>("--check-remote") { Description = "Connect to the configured remote backend to see that it answers (the only network use of this command)" };
        var command = new Command("doctor", "What runs where: the model, whether and where code is sent, the index's location and size, what is kept out of the index and prompts.") { directory, json, checkRemote };
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var workspace = parse.GetValue(directory)?.FullName ?? GitRepositories.WorkspaceRootFor(Path.Combine(Environment.CurrentDirectory, "."));
            var report = await DoctorReport.BuildAsync(shared.ToServerOptions(parse), Path.GetFullPath(workspace).TrimEnd(Path.DirectorySeparatorChar), parse.GetValue(checkRemote), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true }));
                return 0;
            }

            Print(report);
            return 0;
        });
        return command;
    }

    private static void Print(DoctorReport report)
    {
        var (model, backend, index, excluded) = (report.Model, report.Backend, report.Index, report.Exclusions);
        Console.WriteLine($"CodePilotLocal {report.Version}");
        Console.WriteLine();
        Console.WriteLine("Network");
        Console.WriteLine($"  {backend.Statement}");
        if (backend.SendsCode)
        {
            Console.WriteLine($"  backend:       {backend.Kind} at {backend.Endpoint} ({backend.Mode}){(backend.ModelName is null ? "" : ", model " + backend.ModelName)}");
            Console.WriteLine($"  API key:       ${backend.ApiKeyVariable} is {(backend.ApiKeySet ? "set (its value is never shown or logged)" : "not set")}");
            Console.WriteLine($"  TLS check:     {(backend.VerifyTls ? "on" : "OFF (verifyTls: false)")}");
            Console.WriteLine($"  reachable:     {backend.Reachable ?? "not checked (--check-remote)"}");
        }

        Console.WriteLine("  Telemetry:     none. Downloads happen only on `codepilot model pull`.");
        Console.WriteLine();
        Console.WriteLine("Model");
        Console.WriteLine($"  file:          {model.Path ?? "-"} (from {model.Source})");
        if (model.Name is not null)
        {
            Console.WriteLine($"  name:          {model.Name}{(model.RandomWeights == true ? " (RANDOM weights: a test model)" : "")}, {model.SizeBytes / 1048576.0:0.0} MiB");
            Console.WriteLine($"  FIM template:  {model.FimTemplate ?? "none"}; chat template: {(model.ChatTemplate == true ? "yes" : "no")}");
            Console.WriteLine($"  sha256:        {model.Sha256 ?? "not recorded (models pulled or imported record it)"}");
        }

        if (model.Problem is not null)
        {
            Console.WriteLine($"  problem:       {model.Problem}");
        }

        Console.WriteLine($"  explain/fix:   {model.ExplainModel}");
        Console.WriteLine();
        Console.WriteLine("Index");
        Console.WriteLine($"  workspace:     {index.Workspace}");
        Console.WriteLine($"  location:      {index.Location} ({(index.InUserCache ? "in the user cache, outside the repository" : "NOT in the user cache")})");
        Console.WriteLine(index.Exists
            ? $"  holds:         {index.Files:N0} files, {index.Chunks:N0} chunks, {index.Symbols:N0} symbols, {index.Commits:N0} commits; {index.SizeBytes / 1048576.0:0.0} MiB on disk"
            : $"  holds:         {index.Problem}");
        Console.WriteLine();
        Console.WriteLine("Kept out of the index and prompts");
        Console.WriteLine($"  ignore rules:  {excluded.IgnoreRules}; .codepilotignore: {excluded.CodePilotIgnore ?? "none"}");
        Console.WriteLine($"  this workspace: {excluded.FilesToIndex:N0} files may be indexed; excluded {excluded.Ignored:N0} ignored, {excluded.Secret:N0} secret files, {excluded.Symlinks:N0} symbolic links");
        Console.WriteLine($"  secret files:  {string.Join(" ", excluded.SecretFilePatterns)}");
        Console.WriteLine($"  size limit:    {excluded.MaxFileBytes:N0} bytes per file");
        Console.WriteLine($"  redaction:     {excluded.Redaction}");
        Console.WriteLine($"  also:          {excluded.Other}");
        Console.WriteLine();
        Console.WriteLine($"Model cache: {report.ModelCache}");
        Console.WriteLine($"Logs:        {report.Logs}");
        Console.WriteLine($"Usage stats: {report.Usage.Path} ({(report.Usage.SizeBytes is { } size ? $"{size / 1024.0:0.0} KiB" : "none yet")}; local only, no text; the editor setting usageStats: false turns them off; `codepilot stats` shows them)");
    }
}
